import { render } from "preact";
import { App } from "./app.tsx";
import { adoptFragmentToken } from "./session.ts";

adoptFragmentToken();
render(<App />, document.getElementById("app")!);
