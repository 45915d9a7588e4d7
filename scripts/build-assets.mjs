// Builds Lantern's front-end assets from the npm packages into var/assets/.
//
//   npm ci && npm run build
//
// Output is never committed: var/ is gitignored and rebuilt at setup.
import { copyFile, cp, mkdir, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

import * as sass from "sass";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const modules = path.join(root, "node_modules");
const frontend = path.join(root, "lantern", "web", "frontend");
// Same place as settings.ASSETS_DIR (LANTERN_VAR_DIR/assets, default var/assets).
const out = path.join(path.resolve(root, process.env.LANTERN_VAR_DIR || "var"), "assets");

const govuk = path.join(modules, "govuk-frontend", "dist", "govuk");
const moj = path.join(modules, "@ministryofjustice", "frontend", "moj");

async function buildCss() {
  const result = await sass.compileAsync(path.join(frontend, "scss", "application.scss"), {
    // Both packages are imported as "node_modules/…" (the form MoJ Frontend
    // itself uses for GOV.UK Frontend), so the project root is the load path.
    loadPaths: [root],
    importers: [new sass.NodePackageImporter(root)],
    style: "compressed",
    sourceMap: false,
    quietDeps: true,
  });
  await writeFile(path.join(out, "application.css"), result.css);
}

async function copyScripts() {
  await copyFile(path.join(govuk, "govuk-frontend.min.js"), path.join(out, "govuk-frontend.min.js"));
  await copyFile(path.join(moj, "moj-frontend.min.js"), path.join(out, "moj-frontend.min.js"));
  await copyFile(path.join(frontend, "js", "init.mjs"), path.join(out, "init.js"));
  await mkdir(path.join(out, "test"), { recursive: true });
  await copyFile(path.join(modules, "axe-core", "axe.min.js"), path.join(out, "test", "axe.min.js"));
}

async function copyImages() {
  // Only MoJ's interface icons (filter toggles, timeline documents, sort
  // arrows). GOV.UK Frontend's images are the crown, crest and GOV.UK icons,
  // and its fonts are GDS Transport: a council service uses neither.
  const images = path.join(out, "images");
  await mkdir(images, { recursive: true });
  for (const name of await readdir(path.join(moj, "assets", "images"))) {
    if (name.startsWith("icon-") && name.endsWith(".svg")) {
      await copyFile(path.join(moj, "assets", "images", name), path.join(images, name));
    }
  }
  await cp(path.join(frontend, "images"), images, { recursive: true });
}

const started = performance.now();
await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
await Promise.all([buildCss(), copyScripts(), copyImages()]);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`Built ${path.relative(root, out)}/ in ${seconds}s`);
