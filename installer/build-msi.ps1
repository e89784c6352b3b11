<#
.SYNOPSIS
    Builds the Windows installer: installer\target\UKey Assistant-<version>.msi (per-machine, upgrades in place).

.DESCRIPTION
    Runs on Windows with JDK 25 (JAVA_HOME), Maven and WiX 3.14 (candle.exe and light.exe on the PATH; jpackage
    also takes WiX 4/5, but the resources in installer\windows\resources are written and tested for 3.14).
    1. mvn package: app\target\app.jar and app\target\lib (the JavaFX jars of the "win" classifier among them);
    2. java installer\Package.java msi, the steps every platform shares (see that file): the jlink runtime with
       the JavaFX DLLs in runtime\bin\javafx, the jpackage app image, the AOT cache training, then jpackage
       --type msi with installer\windows\jpackage.cfg (the fixed upgrade code lives there, and only there) and
       the WiX resources of installer\windows\resources.
    The JVM takes the AOT cache only with jars of the file time it was trained with. An MSI cabinet stores file
    times in the build machine's local time and Windows Installer turns them back with the target's time zone,
    so build in the time zone of the PCs the MSI is for (China Standard Time); elsewhere the client runs without
    the cache (slower start, nothing else). The check: JAVA_TOOL_OPTIONS=-XX:AOTMode=on ukey.exe --version.

.PARAMETER NoAot
    Package without the AOT cache (to measure what it brings).

.EXAMPLE
    powershell -ExecutionPolicy Bypass -File installer\build-msi.ps1
#>
param([switch]$NoAot)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = Split-Path -Parent $PSScriptRoot
Set-Location $root

function Assert-Exit([string]$what) {
    if ($LASTEXITCODE -ne 0) { throw "build-msi: $what failed (exit code $LASTEXITCODE)" }
}

if (-not $env:JAVA_HOME -or -not (Test-Path (Join-Path $env:JAVA_HOME 'bin\jpackage.exe'))) {
    throw 'build-msi: set JAVA_HOME to a JDK 25 (with jpackage), e.g. Eclipse Temurin 25'
}
$java = Join-Path $env:JAVA_HOME 'bin\java.exe'
$release = Get-Content (Join-Path $env:JAVA_HOME 'release') | Select-String -Pattern '^JAVA_VERSION="(\d+)'
if (-not $release -or [int]$release.Matches[0].Groups[1].Value -lt 25) {
    throw "build-msi: JAVA_HOME ($env:JAVA_HOME) is not a JDK 25"
}
if (-not (Get-Command candle.exe -ErrorAction SilentlyContinue)) {
    throw 'build-msi: WiX 3.14 not found: install it (choco install wixtoolset) and put its bin folder on the PATH'
}
if ((Get-TimeZone).Id -ne 'China Standard Time') {
    Write-Warning ("time zone $((Get-TimeZone).Id): the AOT cache will only fit PCs in this time zone " +
        '(tzutil /s "China Standard Time" to build for China)')
}

Write-Host '== build the client'
& mvn -B -q --no-transfer-progress package -DskipTests -pl app -am
Assert-Exit 'mvn package'

Write-Host '== package'
if ($NoAot) { $env:UKEY_NO_AOT = '1' } else { Remove-Item Env:UKEY_NO_AOT -ErrorAction SilentlyContinue }
& $java installer/Package.java msi
Assert-Exit 'installer/Package.java msi'

$msi = Get-ChildItem (Join-Path $root 'installer\target\*.msi') | Select-Object -First 1
if (-not $msi) { throw 'build-msi: jpackage made no .msi' }
Write-Host ("build-msi: {0} ({1:N1} MB)" -f $msi.FullName, ($msi.Length / 1MB))
