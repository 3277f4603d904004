export { classifyAddress, isPublicAddress } from "./classify-address.ts";
export { guardedLookup, createGuardedLookup, assertPublicHost, BlockedAddressError } from "./guarded-lookup.ts";
export type { Resolver } from "./guarded-lookup.ts";
export { checkTargetSyntax, checkTargetUrl, nonPublicReason } from "./validate-target-url.ts";
export type { TargetCheck, TargetPolicy } from "./validate-target-url.ts";
