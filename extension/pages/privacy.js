// The privacy policy page: its text is in _locales (English and Japanese),
// the same words as store/privacy-policy*.md.
import { localize } from "./shared.js";

localize();
