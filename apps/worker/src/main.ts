import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig, loadEnvFile } from '@poems/config';
import pino from 'pino';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  loadEnvFile('.env');
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
  const logger = pino({ name: 'poems-worker', level: config.LOG_LEVEL });
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot({ config, logger }), { logger: false, abortOnError: false });
  app.enableShutdownHooks();
  logger.info({ eventStore: config.EVENT_STORE }, 'worker started');
}

main().catch((error: unknown) => {
  console.error(`poems-worker failed to start: ${(error as Error).message}`);
  process.exit(1);
});
