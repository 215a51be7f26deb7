// Runs every benchmark in its own process, one after another (they would disturb each other's figures).
import { execa } from 'execa';

for (const script of ['bench:detect', 'bench:rescan', 'bench:rss', 'bench:slack', 'bench:dashboard']) {
  await execa('npm', ['run', '--silent', script], { stdio: 'inherit' });
}
