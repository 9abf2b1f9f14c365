namespace Wasmbox.Engine.Binary;

/// <summary>
/// Reads the <c>name</c> custom section (module, function and local names). The spec makes this
/// section advisory, so a malformed one yields <c>null</c> instead of an error.
/// </summary>
internal static class NameSectionDecoder
{
    private const byte ModuleNameId = 0;
    private const byte FunctionNamesId = 1;
    private const byte LocalNamesId = 2;

    public static NameSection? TryDecode(ReadOnlySpan<byte> module, int start, int end)
    {
        try
        {
            return Decode(new WasmReader(module, start, end));
        }
        catch (MalformedModuleException)
        {
            return null;
        }
    }

    private static NameSection Decode(WasmReader r)
    {
        string? moduleName = null;
        var functions = new Dictionary<uint, string>();
        var locals = new Dictionary<uint, IReadOnlyDictionary<uint, string>>();
        while (!r.AtEnd)
        {
            byte id = r.ReadByte();
            int size = r.ReadLength();
            int end = r.Position + size;
            var sub = new WasmReader(r.Module, r.Position, end);
            switch (id)
            {
                case ModuleNameId:
                    moduleName = sub.ReadName();
                    break;
                case FunctionNamesId:
                    ReadNameMap(ref sub, functions);
                    break;
                case LocalNamesId:
                    int count = sub.ReadCount();
                    for (int i = 0; i < count; i++)
                    {
                        uint function = sub.ReadVarU32();
                        var map = new Dictionary<uint, string>();
                        ReadNameMap(ref sub, map);
                        locals[function] = map;
                    }

                    break;
            }

            r.Position = end;
        }

        return new NameSection { ModuleName = moduleName, FunctionNames = functions, LocalNames = locals };
    }

    private static void ReadNameMap(ref WasmReader r, Dictionary<uint, string> map)
    {
        int count = r.ReadCount();
        for (int i = 0; i < count; i++)
        {
            uint index = r.ReadVarU32();
            map[index] = r.ReadName();
        }
    }
}
