// One Logger per container, configured from POWERTOOLS_SERVICE_NAME and LOG_LEVEL.
import { Logger } from '@aws-lambda-powertools/logger';
import { noteLogger } from './on-demand.ts';

export const logger = new Logger();
noteLogger(logger);
