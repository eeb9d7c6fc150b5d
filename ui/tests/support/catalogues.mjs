// For tests that call the UI's modules without booting the app: the catalogues from locales/,
// installed as start() would, in English.
import { readdirSync, readFileSync } from "node:fs";
import { installCatalogues, setLanguage } from "../../latchkey/i18n.js";

const dir = new URL("../../../locales/", import.meta.url);
export const catalogues = readdirSync(dir).filter((n) => n.endsWith(".ftl")).sort()
  .map((n) => ({ tag: n.slice(0, -4), source: readFileSync(new URL(n, dir), "utf8") }));
installCatalogues(catalogues);
setLanguage("en", { remember: false });
