// The prompts the tool shows, and only those, loaded when the first question is asked: a dynamic
// import keeps every export of the module it names, and @inquirer/prompts' index would bring the
// editor prompt with its encoding tables. A run that asks nothing (--yes, --json, no terminal)
// never loads @inquirer/core.
export { checkbox, confirm, input, select } from "@inquirer/prompts";
export { secretPrompt } from "./secret-prompt.js";
