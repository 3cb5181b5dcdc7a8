// The prompts the tool shows, and only those: a dynamic import keeps every export of the module it
// names, and @inquirer/prompts' index would bring the editor prompt with its encoding tables.
export { checkbox, confirm, input, select } from "@inquirer/prompts";
