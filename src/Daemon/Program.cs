using Microsoft.Extensions.Hosting;

// The sandbox daemon. It owns the engine and its executable memory; the JSON-RPC endpoint arrives
// with the daemon milestone. Until then it is an empty generic host so the deployment shape builds.
var builder = Host.CreateApplicationBuilder(args);
using var host = builder.Build();
await host.RunAsync();
