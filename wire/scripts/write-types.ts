// Writes wire/index.d.ts from the schemas (`npm run types -w wire`); a backend test fails while the
// committed file differs from what this prints.
import { writeFileSync } from 'node:fs';
import { wireTypes } from '../src/wire-types';

writeFileSync(new URL('../index.d.ts', import.meta.url), wireTypes());
