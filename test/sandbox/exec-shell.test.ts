import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { barePod, crashLoop, deployment, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { exitCode, runExec } from './clients.js';

describe('exec runs a shell over the container filesystem', () => {
  let sb: Sandbox;
  const pod = 'web';

  beforeAll(async () => {
    sb = await startSandbox();
    sb.cluster.apply({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: 'shop' },
      data: { LOG_LEVEL: 'debug' },
    });
    barePod(sb.cluster, {
      namespace: 'shop',
      name: pod,
      containers: [
        {
          name: 'web',
          image: 'nginx:1.27',
          command: ['nginx', '-g', 'daemon off;'],
          env: { APP_MODE: 'prod' },
          files: { '/etc/app/app.conf': 'port=80\nworkers=2\n', '/var/log/app.log': 'a\nb\nc\nd\n' },
        },
      ],
    });
    sb.cluster.update('Pod', 'shop', pod, (p) => {
      if (p.spec) p.spec.containers[0].envFrom = [{ configMapRef: { name: 'settings' } }];
    });
  });

  afterAll(async () => {
    await sb.stop();
  });

  it.each(
    [
      { command: ['sh', '-c', 'echo hello && false || echo recovered $?'], out: 'hello\nrecovered 1\n', code: 0 },
      {
        command: ['sh', '-c', 'head -n 2 /var/log/app.log; tail -n 1 /var/log/app.log; wc -l < /var/log/app.log'],
        out: 'a\nb\nd\n4\n',
        code: 0,
      },
      {
        command: [
          'sh',
          '-c',
          'mkdir -p /data/new && echo x > /data/new/f.tmp && mv /data/new/f.tmp /data/new/f && ls /data/new && test -f /data/new/f.tmp || echo gone',
        ],
        out: 'f\ngone\n',
        code: 0,
      },
      {
        command: ['sh', '-c', 'grep -c port /etc/app/app.conf; cat /etc/app/*.conf | grep -n workers'],
        out: '1\n2:workers=2\n',
        code: 0,
      },
      { command: ['stat', '-c', '%s %n', '/etc/app/app.conf'], out: '18 /etc/app/app.conf\n', code: 0 },
      {
        command: ['sha256sum', '/etc/app/app.conf'],
        out: `${createHash('sha256').update('port=80\nworkers=2\n').digest('hex')}  /etc/app/app.conf\n`,
        code: 0,
      },
      { command: ['printenv', 'APP_MODE', 'LOG_LEVEL'], out: 'prod\ndebug\n', code: 0 },
      {
        command: ['sh', '-c', 'echo one > /tmp/o; echo two >> /tmp/o; cat < /tmp/o; head -c 3 /tmp/o; echo'],
        out: 'one\ntwo\none\n',
        code: 0,
      },
      { command: ['sh', '-c', `echo 'single $HOME' "double $HOME"`], out: 'single $HOME double /root\n', code: 0 },
      {
        command: ['/bin/sh', '-c', 'id; echo $(hostname | wc -c)'],
        out: `uid=0(root) gid=0(root) groups=0(root)\n${pod.length + 1}\n`,
        code: 0,
      },
      {
        command: ['sh', '-c', 'ps | tail -n +2 | head -n 1'],
        out: '    1 root      0:00 nginx -g daemon off;\n',
        code: 0,
      },
      { command: ['sh', '-c', 'sleep 0.05; exit 42'], out: '', code: 42 },
      {
        command: [
          'sh',
          '-c',
          'cp /etc/app/app.conf /tmp/c && rm /etc/app/app.conf && cat /tmp/c | head -n 1 && test -e /etc/app/app.conf',
        ],
        out: 'port=80\n',
        code: 1,
      },
    ].map((c) => ({ ...c, line: c.command.join(' ') })),
  )('runs $line', async ({ command, out, code }) => {
    const result = await runExec(sb, 'shop', pod, 'web', command);

    expect(result.err).toBe('');
    expect(result.out).toBe(out);
    expect(exitCode(result.status)).toBe(code);
  });

  it.each([
    { command: ['cat', '/missing'], err: "cat: can't open '/missing': No such file or directory\n", code: 1 },
    { command: ['sh', '-c', 'curl -s http://example.com'], err: 'sh: curl: not found\n', code: 127 },
    {
      command: ['sh', '-c', 'echo hi > /no/such/dir/file'],
      err: "sh: can't create /no/such/dir/file: nonexistent directory\n",
      code: 1,
    },
    { command: ['ls', '/nope'], err: 'ls: /nope: No such file or directory\n', code: 1 },
    { command: ['sh', '-c', 'echo "unterminated'], err: 'sh: syntax error: unterminated quoted string\n', code: 2 },
  ])('reports $err', async ({ command, err, code }) => {
    const result = await runExec(sb, 'shop', pod, 'web', command);

    expect(result.err).toBe(err);
    expect(exitCode(result.status)).toBe(code);
  });

  it('fails like the runtime for a binary the image lacks, and for shell-less images', async () => {
    barePod(sb.cluster, {
      namespace: 'shop',
      name: 'distroless',
      containers: [{ name: 'app', image: 'gcr.io/distroless/static', noShell: true }],
    });

    const missing = await runExec(sb, 'shop', pod, 'web', ['python3', '-V']);
    const noShell = await runExec(sb, 'shop', 'distroless', 'app', ['/bin/sh', '-c', 'ls']);

    expect(missing.status).toMatchObject({ status: 'Failure', reason: 'InternalError', code: 500 });
    expect(missing.status.message).toContain('exec: "python3": executable file not found in $PATH');
    expect(noShell.status.message).toContain('exec: "/bin/sh": stat /bin/sh: no such file or directory');
  });

  it('refuses to exec into a container that is not running', async () => {
    const other =
      deployment(sb.cluster, { namespace: 'shop', name: 'worker', replicas: 1 }).pods[0]?.metadata.name ?? '';
    crashLoop(sb.cluster, 'shop', other);

    const err = await runExec(sb, 'shop', other, 'worker', ['ls']).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(String((err as { message?: string })?.message ?? err)).toContain('400');
  });
});
