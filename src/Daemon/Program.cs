using Microsoft.Extensions.Hosting;
using Wasmbox.Daemon.Hosting;

// wasmboxd [--socket PATH]: the sandbox daemon in the foreground (systemd runs it as Type=notify).
string? socket = null;
var rest = new List<string>();
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--socket" && i + 1 < args.Length) socket = args[++i];
    else if (args[i].StartsWith("--socket=", StringComparison.Ordinal)) socket = args[i]["--socket=".Length..];
    else rest.Add(args[i]);
}

if (OperatingSystem.IsWindows())
{
    Console.Error.WriteLine("wasmboxd: Unix sockets and the JIT need Linux");
    return 1;
}

try
{
    using var host = DaemonHost.Build([.. rest], socket);
    await host.RunAsync();
    return 0;
}
catch (InvalidOperationException e)
{
    Console.Error.WriteLine($"wasmboxd: {e.Message}");
    return 1;
}
