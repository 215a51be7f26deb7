// Git's object id for file content, computed in Node, so a proposal can say which version of a file it was
// written against and the bot can check the clone still holds it without running git.
import { createHash } from 'node:crypto';

/** The blob sha `git hash-object` gives `content` (SHA-1 repositories, with no clean filters). */
export function hashContent(content: string): string {
  const bytes = Buffer.from(content, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}
