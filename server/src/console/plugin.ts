import type { AppContext } from '../platform/context.ts';
import type { App } from '../platform/http.ts';
import { consoleSetupRoutes } from './setup.ts';
import { serveConsole } from './static.ts';

/** The Console: its static build at /console and its first-run setup at /console-setup. */
export async function consolePlugin(app: App, context: AppContext) {
  await consoleSetupRoutes(app, context);
  await serveConsole(app);
}
