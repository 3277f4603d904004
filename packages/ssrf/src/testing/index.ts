export { ssrfCorpus } from "./corpus.ts";
