// The privacy policy page: its text is in _locales (English and Japanese),
// the same words as store/privacy-policy*.md. The account's section shows
// only in a build that links one.
import { applyPublisher, ask, localize } from "./shared.js";

localize();
ask({ type: "publisher" }).then(applyPublisher).catch((e) => console.warn("ShopTrip:", e.message));
