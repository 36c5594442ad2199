/**
 * The playground page: descent's own optimizers, K-means and SGD, bundled for the browser from the
 * library's source (only through its public entry point) and drawn on canvases.
 */
import { startBatchPanel } from './batch-panel.js';
import { startKMeansPanel } from './kmeans-panel.js';
import { startSurfacesPanel } from './surfaces/panel.js';
import { VERSION } from '../src/index.js';

function start(): void {
  document.getElementById('version')!.textContent = `descent ${VERSION}`;
  startSurfacesPanel();
  // The other panels compute for a moment; let the map paint first.
  setTimeout(() => {
    startKMeansPanel();
    startBatchPanel();
  }, 0);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
