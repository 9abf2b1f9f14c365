using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Wasmbox.Protocol.Contract;
using Wasmbox.Protocol.JsonRpc;
using Wasmbox.Protocol.Values;

namespace Wasmbox.Protocol.Tests.Contract;

public class ContractTests
{
    [Fact]
    public void EveryMethodsPositionalOrderNamesExactlyItsParams()
    {
        foreach (FieldInfo field in typeof(WasmboxMethods).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            object descriptor = field.GetValue(null)!;
            var paramsType = (JsonTypeInfo)descriptor.GetType().GetProperty("ParamsType")!.GetValue(descriptor)!;
            var order = (IReadOnlyList<string>)descriptor.GetType().GetProperty("ParameterOrder")!.GetValue(descriptor)!;
            string[] members = paramsType.Properties.Select(p => p.Name).ToArray();
            Assert.True(members.Order().SequenceEqual(order.Order()), $"{field.Name}: order ({string.Join(", ", order)}) vs members ({string.Join(", ", members)})");

            // Required members come before optional ones, so an array can leave optional ones off the end.
            bool[] required = order.Select(name => paramsType.Properties.Single(p => p.Name == name).IsRequired).ToArray();
            Assert.True(required.SkipWhile(r => r).All(r => !r), $"{field.Name}: a required param follows an optional one");
        }
    }

    [Fact]
    public void MethodNamesAreUnique()
    {
        string[] names = typeof(WasmboxMethods).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetValue(null)!.ToString()!).ToArray();
        Assert.Equal(names.Length, names.Distinct().Count());
    }

    [Fact]
    public void MessagesUseCamelCaseAndLeaveAbsentOptionalMembersOut()
    {
        string json = JsonSerializer.Serialize(new InvokeResult { ExitCode = 3 }, WasmboxJsonContext.Default.InvokeResult);
        Assert.Equal("{\"exitCode\":3}", json);

        json = JsonSerializer.Serialize(new CreateInstanceParams { ModuleId = "m1" }, WasmboxJsonContext.Default.CreateInstanceParams);
        Assert.Equal("{\"moduleId\":\"m1\",\"hostFunctions\":[]}", json);

        json = JsonSerializer.Serialize(new ExportDescriptor { Name = "f", Kind = ExternKind.Func, Type = ExternType.Function([WireValueType.I64], [WireValueType.FuncRef]) },
            WasmboxJsonContext.Default.ExportDescriptor);
        Assert.Equal("{\"name\":\"f\",\"kind\":\"func\",\"type\":{\"params\":[\"i64\"],\"results\":[\"funcref\"]}}", json);

        json = JsonSerializer.Serialize(new OutputParams { InstanceId = "i", Stream = OutputStream.Stderr, Bytes = [1, 2, 3] }, WasmboxJsonContext.Default.OutputParams);
        Assert.Equal("{\"instanceId\":\"i\",\"stream\":\"stderr\",\"bytes\":\"AQID\"}", json);
    }

    [Theory]
    [InlineData("{\"instanceId\":\"i1\"}", "missing required properties")]
    [InlineData("{\"instanceId\":null,\"export\":\"f\"}", "$.instanceId")]
    [InlineData("{\"instanceId\":\"i1\",\"export\":\"f\",\"args\":null}", "$.args")]
    [InlineData("{\"instanceId\":\"i1\",\"export\":\"f\",\"deadlineMs\":\"soon\"}", "$.deadlineMs")]
    [InlineData("[\"i1\",\"f\",[],5,\"extra\"]", "at most 4")]
    public void InvalidInvokeParamsAreRefused(string json, string problem)
    {
        var error = Assert.Throws<InvalidParamsException>(() =>
            ParamsBinder.Bind(JsonElement.Parse(json), WasmboxMethods.InstanceInvoke.ParamsType, WasmboxMethods.InstanceInvoke.ParameterOrder, "instance/invoke"));
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownMembersAreIgnoredForForwardCompatibility()
    {
        InvokeParams p = ParamsBinder.Bind(JsonElement.Parse("{\"instanceId\":\"i1\",\"export\":\"f\",\"fromTheFuture\":{\"x\":1}}"),
            WasmboxMethods.InstanceInvoke.ParamsType, WasmboxMethods.InstanceInvoke.ParameterOrder, "instance/invoke");
        Assert.Equal("f", p.Export);
        Assert.Empty(p.Args);
    }

    [Fact]
    public void OptionalListsDefaultToEmptyWhenAbsent()
    {
        CreateInstanceParams create = ParamsBinder.Bind(JsonElement.Parse("{\"moduleId\":\"m1\",\"wasi\":{}}"),
            WasmboxMethods.InstanceCreate.ParamsType, WasmboxMethods.InstanceCreate.ParameterOrder, "instance/create");
        Assert.Empty(create.HostFunctions);
        Assert.Empty(create.Wasi!.Args);
        Assert.Empty(create.Wasi.Env);
        Assert.Empty(create.Wasi.Preopens);
        Assert.Null(create.Wasi.Stdin);
        Assert.Empty(JsonSerializer.Deserialize("{}", WasmboxJsonContext.Default.HostCallResult)!.Results);
    }

    [Fact]
    public void UnknownEnumNamesAreInvalidParams()
    {
        Assert.Throws<InvalidParamsException>(() =>
            ParamsBinder.Bind(JsonElement.Parse("{\"instanceId\":\"i\",\"stream\":\"stdlog\",\"bytes\":\"\"}"),
                WasmboxMethods.InstanceOutput.ParamsType, WasmboxMethods.InstanceOutput.ParameterOrder, "instance/output"));
    }

    [Fact]
    public void TrapErrorsCarryKindAndStack()
    {
        JsonRpcException trap = WasmboxErrors.Trap("integer divide by zero", "integer divide by zero", ["div (func 3) +0x7"]);
        Assert.Equal(JsonRpcErrorCodes.ApplicationError, trap.Code);
        WasmboxErrorData data = trap.ErrorData!.Value.Deserialize(WasmboxJsonContext.Default.WasmboxErrorData)!;
        Assert.Equal(new WasmboxErrorData { Type = "Trap", Message = "integer divide by zero", TrapKind = "integer divide by zero", WasmStack = data.WasmStack }, data);
        Assert.Equal(["div (func 3) +0x7"], data.WasmStack!);
    }
}
