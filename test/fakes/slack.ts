// The tests' Slack fake: the sandbox's (src/sandbox/slack), which the demo runs the bot's own Slack against too.
export * from '../../src/sandbox/slack/index.js';
