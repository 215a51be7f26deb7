// The tab icon: the brand mark (a rounded diamond) in the header's colours.
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" fill="#0f172a"/><path d="M16 6l10 10-10 10L6 16z" fill="#818cf8"/><path d="M16 11l5 5-5 5-5-5z" fill="#e0e7ff"/></svg>`;
