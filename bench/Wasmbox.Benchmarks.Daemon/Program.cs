using System.Globalization;
using System.Text.Json;
using Wasmbox.Benchmarks.Daemon;

// Round trips to a running daemon (bench/daemon.sh starts one on a private socket) against the floor,
// a Unix-socket ping-pong of messages the same size. See bench/README.md.
//   dotnet Wasmbox.Benchmarks.Daemon.dll --socket PATH [--seconds S] [--warm-up S] [--json FILE] [--only TEXT]
// --only runs just the rows whose description ("invoke add, client, 16 in flight x 1") contains TEXT,
// e.g. to profile one of them.

string? socketPath = null, jsonPath = null, only = null;
double seconds = 2, warmUpSeconds = 1;
for (int i = 0; i < args.Length; i++)
{
    string? Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--socket": socketPath = Value(); break;
        case "--seconds": seconds = double.Parse(Value()!, CultureInfo.InvariantCulture); break;
        case "--warm-up": warmUpSeconds = double.Parse(Value()!, CultureInfo.InvariantCulture); break;
        case "--json": jsonPath = Value(); break;
        case "--only": only = Value(); break;
        default:
            Console.Error.WriteLine("usage: Wasmbox.Benchmarks.Daemon --socket PATH [--seconds S] [--warm-up S] [--json FILE] [--only TEXT]");
            return 2;
    }
}
if (socketPath is null)
{
    Console.Error.WriteLine("Wasmbox.Benchmarks.Daemon: --socket PATH (a running daemon's socket) is required");
    return 2;
}

const int Window = 16;
const int Connections = 8;
var measurement = new Measurement(TimeSpan.FromSeconds(warmUpSeconds), TimeSpan.FromSeconds(seconds));
string folder = Directory.CreateTempSubdirectory("wasmbox-pingpong-").FullName;
var rows = new List<Row>();

bool Wanted(string name, int inFlight, int connections) =>
    only is null || $"{name}, {inFlight} in flight x {connections}".Contains(only, StringComparison.OrdinalIgnoreCase);

async Task Measure(string name, int inFlight, int connections, Func<string, int, int, Task<Row>> run)
{
    if (!Wanted(name, inFlight, connections)) return;
    var row = await run(name, inFlight, connections);
    rows.Add(row);
    Console.Error.WriteLine($"  {row.Name}, {row.InFlight} in flight x {row.Connections}: p50 {row.P50Micros:F1} us, {row.CallsPerSecond:F0}/s");
}

try
{
    using var pingPong = new PingPongServer(Path.Combine(folder, "ping-pong.sock"));

    // The raw connection's add request, and the daemon's real answer: the ping-pong floor mirrors both.
    using var raw = RawRoundTrips.Connect(socketPath);
    string rawInstance = RawRoundTrips.CreateInstance(raw);
    byte[] addTail = InvokeMessages.AddRequestTail(rawInstance);
    var sample = RawRoundTrips.Call(raw, 3, "instance/invoke", $"{{\"instanceId\":\"{rawInstance}\",\"export\":\"add\",\"args\":[1,2]}}");
    if (sample.GetRawText() != "{\"results\":[3]}")
        Console.Error.WriteLine($"note: the daemon answered add with {sample.GetRawText()}; the ping-pong floor's response has a different size");
    Span<byte> probe = stackalloc byte[1024];
    Console.WriteLine($"message sizes: request {InvokeMessages.Write(probe, 1001, addTail)} bytes, response {InvokeMessages.Write(probe, 1001, InvokeMessages.AddResponseTail)} bytes of JSON (ids of 4 digits), Content-Length framed");

    await using var client = await ClientScenarios.ConnectAsync(socketPath);
    var clients = new List<ClientScenarios>();
    for (int i = 0; i < Connections; i++) clients.Add(await ClientScenarios.ConnectAsync(socketPath));
    var pingPongConnections = Enumerable.Range(0, Connections).Select(_ => RawRoundTrips.Connect(pingPong.SocketPath)).ToArray();

    Console.Error.WriteLine($"measuring: {warmUpSeconds} s warm-up, {seconds} s per row");
    // Workers are spread over the connections: worker k uses connection k % count.
    int next = 0;
    T Spread<T>(IReadOnlyList<T> items) => items[(Interlocked.Increment(ref next) - 1) % items.Count];

    // One connection, one call at a time.
    await Measure("ping-pong (floor)", 1, 1, (n, f, c) => measurement.RunBlockingAsync(n, f, c, 1,
        log => RawRoundTrips.Sequential(pingPongConnections[0], addTail, log)));
    await Measure("invoke add, raw socket", 1, 1, (n, f, c) => measurement.RunBlockingAsync(n, f, c, 1,
        log => RawRoundTrips.Sequential(raw, addTail, log)));
    await Measure("invoke add, client", 1, 1, (n, f, c) => measurement.RunAsync(n, f, c, 1, ClientScenarios.Loop(client.AddAsync)));
    await Measure("invoke + 1 host/call, client", 1, 1, (n, f, c) => measurement.RunAsync(n, f, c, 1, ClientScenarios.Loop(client.CallHostAsync)));

    // One connection, up to 16 in flight.
    await Measure("ping-pong (floor)", Window, 1, (n, f, c) => measurement.RunBlockingAsync(n, f, c, 1,
        log => RawRoundTrips.Pipelined(pingPongConnections[0], addTail, Window, log)));
    await Measure("invoke add, raw socket", Window, 1, (n, f, c) => measurement.RunBlockingAsync(n, f, c, 1,
        log => RawRoundTrips.Pipelined(raw, addTail, Window, log)));
    await Measure("invoke add, client", Window, 1, (n, f, c) => measurement.RunAsync(n, f, c, Window, ClientScenarios.Loop(client.AddAsync)));
    await Measure("invoke + 1 host/call, client", Window, 1, (n, f, c) => measurement.RunAsync(n, f, c, Window, ClientScenarios.Loop(client.CallHostAsync)));

    // Eight connections.
    next = 0;
    await Measure("ping-pong (floor)", 1, Connections, (n, f, c) => measurement.RunBlockingAsync(n, f, c, Connections,
        log => RawRoundTrips.Sequential(Spread(pingPongConnections), addTail, log)));
    next = 0;
    await Measure("invoke add, client", 1, Connections, (n, f, c) => measurement.RunAsync(n, f, c, Connections,
        log => ClientScenarios.Loop(Spread(clients).AddAsync)(log)));
    next = 0;
    await Measure("invoke add, client", Window, Connections, (n, f, c) => measurement.RunAsync(n, f, c, Connections * Window,
        log => ClientScenarios.Loop(Spread(clients).AddAsync)(log)));
    next = 0;
    await Measure("invoke + 1 host/call, client", 1, Connections, (n, f, c) => measurement.RunAsync(n, f, c, Connections,
        log => ClientScenarios.Loop(Spread(clients).CallHostAsync)(log)));

    foreach (var connection in pingPongConnections) connection.Dispose();
    foreach (var other in clients) await other.DisposeAsync();
}
finally
{
    Directory.Delete(folder, recursive: true);
}

ResultTable.Print(rows, Console.Out);
var targets = Targets.Check(rows);
Targets.Print(targets, Console.Out);
if (jsonPath is not null)
{
    var document = new { date = DateTime.UtcNow.ToString("u", CultureInfo.InvariantCulture), processors = Environment.ProcessorCount, seconds, warmUpSeconds, rows, targets };
    await File.WriteAllTextAsync(jsonPath, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
}
return 0;
