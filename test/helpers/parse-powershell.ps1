# Parses PowerShell scripts with PowerShell's own parser and reports, per script, the parse errors
# and every piece of syntax that Windows PowerShell 5.1 does not have (the tool runs powershell.exe,
# which is 5.1): decided from the parser's tokens and syntax tree, never from the text.
#   pwsh -NoProfile -NonInteractive -File parse-powershell.ps1 <scripts.json>
# scripts.json: [{ "name": "...", "text": "..." }]; prints { version, results: [{ name, errors,
# newer, strings }] } as JSON, where strings are the values of the single-quoted string constants
# (to check quoting) and version is this PowerShell's.
param([Parameter(Mandatory)][string]$ScriptsJson)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3

# Tokens that only PowerShell 7 knows: ?? ??= ?. ?[ (null-conditional and -coalescing) and && ||
# (pipeline chains). The ternary's ? is a QuestionMark token, also 7 only.
$newerTokens = @('QuestionQuestion', 'QuestionQuestionEquals', 'QuestionDot', 'QuestionLBracket', 'AndAnd', 'OrOr', 'QuestionMark')
# Syntax tree nodes only PowerShell 7 has.
$newerAsts = @('TernaryExpressionAst', 'PipelineChainAst')

$results = foreach ($script in (Get-Content -LiteralPath $ScriptsJson -Raw -Encoding utf8 | ConvertFrom-Json)) {
    $tokens = $null
    $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseInput([string]$script.text, [ref]$tokens, [ref]$errors)
    $newer = [System.Collections.Generic.List[string]]::new()
    foreach ($token in $tokens) {
        if ($newerTokens -contains $token.Kind.ToString()) { $newer.Add("token $($token.Kind) '$($token.Text)' at $($token.Extent.StartOffset)") }
    }
    foreach ($node in $ast.FindAll({ param($n) $true }, $true)) {
        $type = $node.GetType().Name
        if ($newerAsts -contains $type) { $newer.Add("$type '$($node.Extent.Text)'") }
        # cmd & (a background job) is 6.0+; a clean { } block is 7.3+.
        if ($node -is [System.Management.Automation.Language.PipelineAst] -and $node.Background) { $newer.Add("background job '$($node.Extent.Text)'") }
        if ($node -is [System.Management.Automation.Language.ScriptBlockAst] -and $null -ne $node.CleanBlock) { $newer.Add('clean block') }
    }
    $strings = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.StringConstantExpressionAst] -and $n.StringConstantType -eq 'SingleQuoted' }, $true) | ForEach-Object { $_.Value })
    [pscustomobject]@{
        name    = $script.name
        errors  = @($errors | ForEach-Object { "$($_.ErrorId) at $($_.Extent.StartOffset): $($_.Message)" })
        newer   = @($newer)
        strings = $strings
    }
}
ConvertTo-Json -InputObject ([pscustomobject]@{ version = $PSVersionTable.PSVersion.ToString(); results = @($results) }) -Depth 5 -Compress
