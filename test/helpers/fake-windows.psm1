# The Windows-only pieces of PowerShell, stood in for real pwsh on Linux (test/helpers/fake-os.ts
# loads this module into every pwsh that the fake powershell.exe starts). Everything else in the
# scripts the tool sends (the parser, pipelines, ConvertTo-Json, [Console], SecureString,
# PSCredential, Test-Path, Get-Content, exit codes) is real PowerShell.
#
# The answers come from the simulated PC's process table (the JSON file in $env:FAKE_OS_STATE, kept
# by fake-os-tool.mjs): Get-CimInstance Win32_Process, Get-Process, a process's CloseMainWindow(),
# Stop-Process, Get-AppxPackage and Get-AppxPackageManifest. Changes to the table go through
# fake-os-tool.mjs, which holds the table's lock. DPAPI (ConvertFrom-SecureString and
# ConvertTo-SecureString without a key) is stood in by a per-user secret: a blob is DPAPI's header,
# a tag of the user it belongs to and the UTF-16 text XORed with that user's secret, so the blob
# never holds the key in clear and another user's blob fails as DPAPI's does.
Set-StrictMode -Version 3

# Windows PowerShell 5.1 prints errors in this view and without colours, and writes to a pipe in
# the console's OEM code page (850 in Western Europe), not in UTF-8.
$global:ErrorView = 'NormalView'
if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }
[Console]::OutputEncoding = [System.Text.Encoding]::GetEncoding(850)

$script:StatePath = $env:FAKE_OS_STATE
$script:Node = $env:FAKE_OS_NODE
$script:Tool = $env:FAKE_OS_TOOL
$script:DpapiHeader = '01000000d08c9ddf0115d1118c7a00c04fc297eb'

function Get-FakeState {
    Get-Content -LiteralPath $script:StatePath -Raw -Encoding utf8 | ConvertFrom-Json -DateKind String
}

# Changes the table through fake-os-tool.mjs (which locks it): <verb> <pid>...
function Invoke-FakeTable([string]$Verb, [int[]]$Ids) {
    & $script:Node $script:Tool $Verb $script:StatePath @Ids
    if ($LASTEXITCODE -ne 0) { throw "fake-os-tool $Verb failed ($LASTEXITCODE)" }
}

function Get-LeafName([string]$Path) { ($Path -split '[\\/]')[-1] }

function Get-CimInstance {
    [CmdletBinding()]
    param([Parameter(Mandatory)][string]$ClassName, [string]$Filter)
    if ($ClassName -ne 'Win32_Process') { throw "the stand-in Get-CimInstance knows only Win32_Process, not $ClassName" }
    $name = $null
    if ($Filter) {
        if ($Filter -notmatch "^\s*Name\s*=\s*'([^']*)'\s*$") { throw "the stand-in Get-CimInstance understands only -Filter `"Name='...'`", not $Filter" }
        $name = $Matches[1]
    }
    $state = Get-FakeState
    foreach ($p in @($state.processes)) {
        $leaf = Get-LeafName $p.exe
        # WQL's = compares without case, as -eq does.
        if ($null -ne $name -and $leaf -ne $name) { continue }
        # Without elevation another session's process shows no path and no command line.
        $visible = $state.self.elevated -or $p.session -eq $state.self.session
        $commandLine = (@("`"$($p.args[0])`"") + @($p.args | Select-Object -Skip 1)) -join ' '
        [pscustomobject]@{
            ProcessId       = [uint32]$p.pid
            ParentProcessId = [uint32]$p.ppid
            SessionId       = [uint32]$p.session
            Name            = $leaf
            ExecutablePath  = if ($visible) { [string]$p.exe } else { $null }
            CommandLine     = if ($visible) { $commandLine } else { $null }
        }
    }
}

function Get-Process {
    [CmdletBinding()]
    param([Parameter(Mandatory)][int[]]$Id)
    $state = Get-FakeState
    foreach ($one in $Id) {
        if ($one -eq $PID) {
            # PowerShell itself runs in the user's session.
            [pscustomobject]@{ Id = $PID; ProcessName = 'powershell'; SessionId = [int]$state.self.session; StartTime = [datetime]::Now }
            continue
        }
        $p = @($state.processes | Where-Object { $_.pid -eq $one })
        if ($p.Count -eq 0) {
            Write-Error -Message "Cannot find a process with the process identifier $one." -Category ObjectNotFound -ErrorId 'NoProcessFoundForGivenId,Microsoft.PowerShell.Commands.GetProcessCommand' -TargetObject $one
            continue
        }
        $p = $p[0]
        $process = [pscustomobject]@{
            Id          = [int]$p.pid
            ProcessName = [System.IO.Path]::GetFileNameWithoutExtension((Get-LeafName $p.exe))
            SessionId   = [int]$p.session
            StartTime   = [DateTimeOffset]::FromUnixTimeMilliseconds([long]$p.startedMs).LocalDateTime
        }
        # Asks the process's main window to close; the app decides what that means.
        $process | Add-Member -MemberType ScriptMethod -Name CloseMainWindow -Value {
            Invoke-FakeTable 'close-window' @($this.Id)
            $true
        }
        $process
    }
}

function Stop-Process {
    [CmdletBinding()]
    param([Parameter(Mandatory)][int[]]$Id, [switch]$Force)
    $state = Get-FakeState
    $targets = @()
    foreach ($one in $Id) {
        $p = @($state.processes | Where-Object { $_.pid -eq $one })
        if ($p.Count -eq 0) {
            Write-Error -Message "Cannot find a process with the process identifier $one." -Category ObjectNotFound -ErrorId 'NoProcessFoundForGivenId,Microsoft.PowerShell.Commands.StopProcessCommand' -TargetObject $one
        } elseif (-not $state.self.elevated -and $p[0].session -ne $state.self.session) {
            Write-Error -Message "Cannot stop process `"$(Get-LeafName $p[0].exe) ($one)`" because of the following error: Access is denied" -Category CloseError -ErrorId 'CouldNotStopProcess,Microsoft.PowerShell.Commands.StopProcessCommand' -TargetObject $one
        } else {
            $targets += $one
        }
    }
    # Every process is looked up first, then each is stopped.
    if ($targets.Count -gt 0) { Invoke-FakeTable 'stop-process' $targets }
}

function Get-AppxPackage {
    [CmdletBinding()]
    param([string]$Name = '*')
    foreach ($p in @((Get-FakeState).packages)) {
        if ($p.Name -like $Name) {
            [pscustomobject]@{
                Name              = $p.Name
                PackageFamilyName = $p.PackageFamilyName
                InstallLocation   = $p.InstallLocation
                Version           = $p.Version
                AppId             = ($p.Aumid -split '!')[-1]
            }
        }
    }
}

function Get-AppxPackageManifest {
    [CmdletBinding()]
    param([Parameter(Mandatory)]$Package)
    $id = [System.Security.SecurityElement]::Escape($Package.AppId)
    [xml]"<Package><Applications><Application Id=`"$id`" Executable=`"app\Claude.exe`" /></Applications></Package>"
}

# ---- DPAPI for the current user ----------------------------------------------------------------

function Get-DpapiKey {
    $secret = [string](Get-FakeState).dpapiSecret
    $sha = [System.Security.Cryptography.SHA256]::Create()
    $tag = -join ($sha.ComputeHash([System.Text.Encoding]::UTF8.GetBytes($secret))[0..7] | ForEach-Object { $_.ToString('x2') })
    @{ Secret = [System.Text.Encoding]::UTF8.GetBytes($secret); Tag = $tag }
}

function Invoke-Xor([byte[]]$Bytes, [byte[]]$Secret) {
    $out = [byte[]]::new($Bytes.Length)
    for ($i = 0; $i -lt $Bytes.Length; $i++) { $out[$i] = $Bytes[$i] -bxor $Secret[$i % $Secret.Length] }
    , $out
}

function ConvertFrom-SecureString {
    [CmdletBinding()]
    param([Parameter(Mandatory, Position = 0, ValueFromPipeline)][securestring]$SecureString)
    process {
        $user = Get-DpapiKey
        $plain = [System.Net.NetworkCredential]::new('', $SecureString).Password
        $bytes = Invoke-Xor ([System.Text.Encoding]::Unicode.GetBytes($plain)) $user.Secret
        $script:DpapiHeader + $user.Tag + [System.Convert]::ToHexString($bytes).ToLowerInvariant()
    }
}

function ConvertTo-SecureString {
    [CmdletBinding(DefaultParameterSetName = 'Secure')]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline)][string]$String,
        [Parameter(ParameterSetName = 'PlainText')][switch]$AsPlainText,
        [Parameter(ParameterSetName = 'PlainText')][switch]$Force
    )
    process {
        if ($AsPlainText) { return Microsoft.PowerShell.Security\ConvertTo-SecureString -String $String -AsPlainText -Force }
        $user = Get-DpapiKey
        if ($String -notmatch '^([0-9a-fA-F]{2})+$' -or -not $String.StartsWith($script:DpapiHeader)) {
            throw [System.Security.Cryptography.CryptographicException]::new('The data is invalid.')
        }
        $rest = $String.Substring($script:DpapiHeader.Length)
        if ($rest.Length -lt 16 -or $rest.Substring(0, 16) -ne $user.Tag) {
            throw [System.Security.Cryptography.CryptographicException]::new('Key not valid for use in specified state.')
        }
        $plain = [System.Text.Encoding]::Unicode.GetString((Invoke-Xor ([System.Convert]::FromHexString($rest.Substring(16))) $user.Secret))
        Microsoft.PowerShell.Security\ConvertTo-SecureString -String $plain -AsPlainText -Force
    }
}

Export-ModuleMember -Function Get-CimInstance, Get-Process, Stop-Process, Get-AppxPackage, Get-AppxPackageManifest, ConvertFrom-SecureString, ConvertTo-SecureString
