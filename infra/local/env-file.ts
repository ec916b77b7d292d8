// Imported first by `npm start` and `npm run invoke`, before any module reads the environment as it
// loads (state.ts's SCORECAST_STATE_DIR): the `.env` file's variables join the process environment,
// whose own values win. A SCORECAST_ENV_FILE that names no file stops the command.
import { envFilePath, loadEnvFile } from './settings.ts';

export const ENV_FILE = envFilePath();

/** Names whose value came from the `.env` file (the banner says so). */
export const fromEnvFile: readonly string[] = (() => {
  try {
    return loadEnvFile(ENV_FILE, process.env, Boolean(process.env.SCORECAST_ENV_FILE));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
})();
