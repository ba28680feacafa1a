/**
 * The entry of the pages' own script: esbuild bundles it and what it imports into one browser file
 * (scripts/browser-assets.ts -> dist/page-scripts/page.js), which every page inlines after the vega builds.
 */
import { bootPage } from './boot.js';

void bootPage();
