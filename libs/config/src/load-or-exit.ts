import { type AppConfig, ConfigError, loadConfig } from './app-config';
import { loadEnvFile } from './env-file';

/** For app entry points: the environment (and a local .env), or a readable message and exit 78 (EX_CONFIG). */
export function loadConfigOrExit(app: string): AppConfig {
  loadEnvFile('.env');
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`${app}: ${error.message}`);
    process.exit(78);
  }
}
