#!/usr/bin/env node
// The `votewire` command. Its code is built into dist/bin by `npm run build`; this file exists
// before the build, so that npm links the command when it installs the workspace.
import '../dist/bin/votewire.js';
