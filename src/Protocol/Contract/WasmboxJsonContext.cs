using System.Text.Json.Serialization;
using Wasmbox.Protocol.JsonRpc;

namespace Wasmbox.Protocol.Contract;

/// <summary>
/// Source-generated (de)serialization for the API's messages: camelCase members, absent optional
/// members not written, required members and non-nullable members enforced when reading (so a missing
/// or null required param is a -32602), unknown members ignored (so newer clients can add some).
/// </summary>
/// <remarks>
/// Optional members with a default (<c>args</c>, <c>hostFunctions</c>, ...) are <c>set</c>, not
/// <c>init</c>: the generated code passes init-only members to the object initializer, so one missing
/// from the JSON would get null rather than its default.
/// </remarks>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(NoParams))]
[JsonSerializable(typeof(NoResult))]
[JsonSerializable(typeof(EngineInfoResult))]
[JsonSerializable(typeof(CompileModuleParams))]
[JsonSerializable(typeof(CompileModuleResult))]
[JsonSerializable(typeof(DisposeModuleParams))]
[JsonSerializable(typeof(CreateInstanceParams))]
[JsonSerializable(typeof(CreateInstanceResult))]
[JsonSerializable(typeof(InvokeParams))]
[JsonSerializable(typeof(InvokeResult))]
[JsonSerializable(typeof(DisposeInstanceParams))]
[JsonSerializable(typeof(StdinParams))]
[JsonSerializable(typeof(MemoryReadParams))]
[JsonSerializable(typeof(MemoryReadResult))]
[JsonSerializable(typeof(MemoryWriteParams))]
[JsonSerializable(typeof(GlobalGetParams))]
[JsonSerializable(typeof(GlobalGetResult))]
[JsonSerializable(typeof(GlobalSetParams))]
[JsonSerializable(typeof(HostCallParams))]
[JsonSerializable(typeof(HostCallResult))]
[JsonSerializable(typeof(OutputParams))]
[JsonSerializable(typeof(WasmboxErrorData))]
public sealed partial class WasmboxJsonContext : JsonSerializerContext;
