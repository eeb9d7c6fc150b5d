// The moment the form is usable, on the page clock (as Latchkey records its screens).
globalThis.__latchkeyScreenShownAt = { "sign-in": Date.now() };
document.querySelector("form").addEventListener("submit", (event) => event.preventDefault());
