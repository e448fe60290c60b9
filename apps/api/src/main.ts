import 'reflect-metadata';
import { loadConfigOrExit } from '@poems/config';
import pino from 'pino';
import { createApiApp } from './api-app';

async function main(): Promise<void> {
  const config = loadConfigOrExit('poems-api');
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
