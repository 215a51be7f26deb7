// The Job settings as they apply in this cluster: the namespace the bot runs in, and by default its own image,
// read from its own pod, so a diagnosis runs exactly the code (and version) of the bot that started it.
import { z } from 'zod';
import type { Config } from '../../config/index.js';
import { ClopusError, describeError } from '../../errors.js';
import type { KubeClient } from '../../kube/index.js';
import type { JobSettings } from './spec.js';

type Env = Record<string, string | undefined>;

const OwnPod = z.object({
  spec: z.object({ containers: z.array(z.object({ name: z.string(), image: z.string() })).min(1) }),
});

/** The container named `clopus`, else the first: the one running the bot. */
export async function ownImage(kube: Pick<KubeClient, 'getPod'>, env: Env): Promise<string> {
  const pod = env.POD_NAME ?? env.HOSTNAME;
  const namespace = env.POD_NAMESPACE;
  if (!pod || !namespace) {
    throw new ClopusError(
      'CONFIG_INVALID',
      'CLOPUS_RUNNER=job: set CLOPUS_RUNNER_IMAGE, or run in a pod with POD_NAMESPACE (and POD_NAME) from the downward API so the bot can read its own image',
      { exitCode: 2 },
    );
  }
  let raw: unknown;
  try {
    raw = await kube.getPod(namespace, pod);
  } catch (err) {
    throw new ClopusError(
      'CONFIG_INVALID',
      `CLOPUS_RUNNER=job: cannot read the bot's own pod ${namespace}/${pod} for its image (${describeError(err)}); set CLOPUS_RUNNER_IMAGE`,
      { exitCode: 2, cause: err },
    );
  }
  const parsed = OwnPod.safeParse(raw);
  if (!parsed.success)
    throw new ClopusError(
      'CONFIG_INVALID',
      `CLOPUS_RUNNER=job: the pod ${namespace}/${pod} names no container image; set CLOPUS_RUNNER_IMAGE`,
      { exitCode: 2 },
    );
  const containers = parsed.data.spec.containers;
  return (containers.find((c) => c.name === 'clopus') ?? containers[0]!).image;
}

export async function jobSettings(
  job: Config['runner']['job'],
  kube: Pick<KubeClient, 'getPod'>,
  env: Env,
): Promise<JobSettings> {
  const { image, namespace, ...rest } = job;
  return {
    ...rest,
    namespace: namespace ?? env.POD_NAMESPACE ?? 'clopus',
    image: image ?? (await ownImage(kube, env)),
  };
}
