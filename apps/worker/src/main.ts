import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfigOrExit } from '@poems/config';
import pino from 'pino';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = loadConfigOrExit('poems-worker');
  const logger = pino({ name: 'poems-worker', level: config.LOG_LEVEL });
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot({ config, logger }), { logger: false, abortOnError: false });
  app.enableShutdownHooks();
  logger.info({ eventStore: config.EVENT_STORE }, 'worker started');
}

main().catch((error: unknown) => {
  console.error(`poems-worker failed to start: ${(error as Error).message}`);
  process.exit(1);
});
