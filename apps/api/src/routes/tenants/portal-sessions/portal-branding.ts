import { z } from "zod";

// Branding reaches the portal page as text and one CSS colour, and the logo's origin reaches its
// Content-Security-Policy header: each field is held to a shape that cannot carry markup, CSS or a
// CSP directive (a hostname of letters, digits, dots and hyphens cannot hold `;`, `'` or a space).
const LOGO_HOST = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

function httpsLogo(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return url.protocol === "https:" && !url.username && !url.password && LOGO_HOST.test(url.hostname);
}

export const portalBrandingField = z
  .strictObject(
    {
      title: z
        .string({ message: "must be a string" })
        .trim()
        .min(1, "must not be empty")
        .max(80, "must be at most 80 characters")
        // Plain text: no control, format (bidi overrides) or unassigned characters.
        .refine((t) => !/\p{C}/u.test(t), "must be plain text (no control or formatting characters)")
        .optional()
        .describe("shown as the portal's heading and page title, as text"),
      primary_color: z
        .string({ message: "must be a string" })
        .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour written "#rrggbb"')
        .transform((c) => c.toLowerCase())
        .optional()
        .describe("the accent of links and buttons"),
      logo_url: z
        .string({ message: "must be a string" })
        .max(2048, "must be at most 2048 characters")
        .refine(httpsLogo, "must be an https URL of an image, on a host name (no credentials)")
        .optional()
        .describe("an https image shown beside the title; the portal page's CSP allows images from its origin only"),
      dark_mode: z.boolean({ message: "must be true or false" }).optional().describe("dark colours"),
    },
    { message: "must be an object" },
  )
  .describe("how the portal looks for this link");
export type PortalBranding = z.infer<typeof portalBrandingField>;

export const portalBrandingOut = z.object({
  title: z.string().optional(),
  primary_color: z.string().optional(),
  logo_url: z.string().optional(),
  dark_mode: z.boolean().optional(),
});

/** The branding stored with a session, re-checked on the way out (a row is not trusted to be what was validated). */
export function storedBranding(value: unknown): PortalBranding | null {
  const parsed = portalBrandingField.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** The origin the portal page may load the session's logo from (its CSP img-src), or null. */
export function brandingImageOrigin(value: unknown): string | null {
  const logo = storedBranding(value)?.logo_url;
  return logo ? new URL(logo).origin : null;
}
