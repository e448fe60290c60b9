export * from './research-pseudonyms';
export * from './research-projection';
export * from './research-queries';
export { RESEARCH_TABLES } from './research-tables';
