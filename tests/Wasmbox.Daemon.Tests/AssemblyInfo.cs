// The daemon needs Unix sockets and the x86-64 Linux JIT.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
