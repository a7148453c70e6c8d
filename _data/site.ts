// `site` in templates: the settings of `_config.yml` over our defaults (_config/siteSettings.ts), read once per build.
import { siteData, siteSettings } from "../_config/siteSettings.ts";

export type { CommentsConfig, SiteData } from "../_config/siteSettings.ts";

const site = siteData(siteSettings(process.cwd()));

export default site;
