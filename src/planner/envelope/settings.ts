// The envelope's bounds, from config (fixer.envelope); defaults live in the config schema.
import type { Config } from '../../config/index.js';

export type EnvelopeSettings = Config['fixer']['envelope'];
