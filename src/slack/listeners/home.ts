// The Home tab from the listeners' side: telling a click in it from one in a message, and publishing a viewer's Home
// afresh (on opening it, and after a click or a modal started there, so a decided proposal stops showing as waiting).
import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import type { Logger } from '../../logger.js';
import type { SlackServices } from '../service/index.js';

/** A block_actions payload from the Home tab: its container is the view (no message, channel or response_url). */
const HomeClick = z.object({
  container: z.object({ type: z.literal('view') }),
  view: z.object({ type: z.literal('home') }),
});

export const clickedInHome = (body: unknown): boolean => HomeClick.safeParse(body).success;

/** Builds and publishes `userId`'s Home tab. Never throws: a failure is logged, and the next opening retries. */
export async function publishHome(
  client: webApi.WebClient,
  services: SlackServices,
  userId: string,
  logger: Logger,
): Promise<void> {
  try {
    await client.views.publish({ user_id: userId, view: await services.home(userId) });
  } catch (err) {
    logger.warn({ err, userId }, 'publishing the Home tab failed');
  }
}
