namespace Wasmbox.SpecTest.Parsing;

/// <summary>The JSON is well-formed but is not a wast2json script the reader understands.</summary>
public sealed class SpecFormatException(string message) : Exception(message);
