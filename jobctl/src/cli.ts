// jobctl: the one command line of the platform. It owns no command itself: each goes to the
// package that implements it (imported on demand, so `extract-jobs` never loads the mailer):
//   notify, smtp-sink, chat-sink  → @jobs/notifier/cli
//   fake-api                      → @jobs/fake-api/cli (a demo and test tool)
//   everything else               → @jobs/loaders/cli (unknown commands: its usage error, exit 2)
import { FAKE_API_USAGE, FAULT_SPEC_USAGE } from '@jobs/fake-api/cli';
import { USAGE as LOADERS_USAGE } from '@jobs/loaders/cli';

export type Route = 'help' | 'notifier' | 'fake-api' | 'loaders';

const NOTIFIER_COMMANDS = new Set(['notify', 'smtp-sink', 'chat-sink']);

export function routeFor(argv: string[]): Route {
  const [name] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') return 'help';
  if (NOTIFIER_COMMANDS.has(name)) return 'notifier';
  if (name === 'fake-api') return 'fake-api';
  return 'loaders';
}

export const USAGE = `${LOADERS_USAGE}${FAKE_API_USAGE}  notify …, smtp-sink …, chat-sink …
      Handled by the notifier package (@jobs/notifier/cli).

${FAULT_SPEC_USAGE}`;

export async function main(argv: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  switch (routeFor(argv)) {
    case 'help':
      process.stdout.write(USAGE);
      return 0;
    case 'notifier': {
      let notifier: { main(argv: string[]): Promise<number> };
      try {
        notifier = await import('@jobs/notifier/cli');
      } catch (error) {
        process.stderr.write(
          `ConfigError: the notifier CLI (@jobs/notifier/cli) could not be loaded: ${(error as Error).message.split('\n')[0]}\n`,
        );
        return 2;
      }
      return notifier.main(argv);
    }
    case 'fake-api':
      return (await import('@jobs/fake-api/cli')).main(argv.slice(1), env);
    case 'loaders':
      return (await import('@jobs/loaders/cli')).main(argv, env, USAGE);
  }
}
