// Which local program stands for a container's command. The sandbox has no images: a container runs only if a
// resolver maps its command (and image) to a local argv. The default maps `clopus …` to this checkout's CLI.
import { packagePath } from '../../package-root.js';

export interface ContainerToRun {
  namespace: string;
  pod: string;
  container: string;
  image: string;
  /** The container's command and args, after $(VAR) expansion, with paths under a mount rewritten to the volume. */
  argv: string[];
}

/** The local argv to run, or undefined when the "image" has no such executable (the container fails to start). */
export type CommandResolver = (c: ContainerToRun) => string[] | undefined;

/** bin/clopus.js of this checkout (or package): from src/sandbox/kubelet or dist/sandbox/kubelet alike. */
export const CLOPUS_BIN = packagePath('bin', 'clopus.js');

/** `clopus <args>` → `node <repo>/bin/clopus.js <args>`, with this process's node. */
export function clopusCommand(bin = CLOPUS_BIN): CommandResolver {
  return ({ argv }) => (argv[0] === 'clopus' ? [process.execPath, bin, ...argv.slice(1)] : undefined);
}

/** Tries each resolver in turn: e.g. a test's stand-ins for some images, then the default. */
export function firstOf(...resolvers: CommandResolver[]): CommandResolver {
  return (c) => {
    for (const r of resolvers) {
      const argv = r(c);
      if (argv) return argv;
    }
    return undefined;
  };
}
