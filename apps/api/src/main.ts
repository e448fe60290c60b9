import 'reflect-metadata';
import { ConfigError, loadConfig, loadEnvFile } from '@poems/config';
import pino from 'pino';
import { createApiApp } from './api-app';

async function main(): Promise<void> {
  loadEnvFile('.env');
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const logger = pino({ name: 'poems-api', level: config.LOG_LEVEL });
  const app = await createApiApp({ config, logger });
  app.enableShutdownHooks();
  await app.listen({ port: config.PORT, host: config.HOST });
  logger.info({ url: `http://${config.HOST}:${config.PORT}`, eventStore: config.EVENT_STORE }, 'API listening');
}

main().catch((error: unknown) => {
  console.error(`poems-api failed to start: ${(error as Error).message}`);
  process.exit(1);
});
