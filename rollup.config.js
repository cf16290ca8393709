// One rollup run builds every browser bundle; each package keeps its own part.
import sdk from './sdk/rollup.parts.js';
import demoSite from './demo-site/rollup.parts.js';

export default [...sdk, ...demoSite];
