// The smart-HTTP git fake lives in src/sandbox/git (the demo serves repositories with it too); tests import it here.
export * from '../../src/sandbox/git/index.js';
