using Wasmbox.Engine.Binary;
using Wasmbox.Engine.Validation;
using static Wasmbox.Engine.Tests.Validation.TestModule;

namespace Wasmbox.Engine.Tests.Validation;

/// <summary>
/// The spec decodes a whole module before validating it, so a malformed instruction anywhere wins
/// over a validation error, even one in an earlier function.
/// </summary>
public class MalformedPrecedenceTests
{
    [Fact]
    public void MalformedLaterBodyBeatsInvalidEarlierBody()
    {
        var module = new TestModule();
        uint type = module.Type([], []);
        module.Function(type, [0x41, 0x00]);  // leaves an i32: invalid
        module.Function(type, [0x06]);        // 0x06 is no opcode: malformed
        Validate.Malformed(module, "illegal opcode");
    }

    [Fact]
    public void MalformedLaterInTheSameBodyBeatsInvalid() =>
        Validate.Malformed(Validate.Function([], [], [0x6A, 0x3F, 0x01, 0x1A]), "zero byte expected");

    [Fact]
    public void MalformedBodyBeatsInvalidGlobal()
    {
        var module = new TestModule();
        uint type = module.Type([], []);
        module.Global(I32, false, 0x42, 0x00).Function(type, [0xFC, 0x40]);
        Validate.Malformed(module, "illegal opcode");
    }

    [Fact]
    public void InvalidStaysInvalidWhenEverythingDecodes() =>
        Validate.Invalid(Validate.Function([], [], [0x6A, 0x3F, 0x00, 0x1A]), "type mismatch");

    [Fact]
    public void DataIndexWithoutDataCountSectionIsMalformed()
    {
        var module = new TestModule();
        uint type = module.Type([], []);
        module.Memory(1).Function(type, [0xFC, 0x09, 0x00]).PassiveData(1);
        Validate.Malformed(module, "data count section required");
    }

    [Fact]
    public void OtherMalformedBodiesBeatTheMissingDataCount()
    {
        var module = new TestModule();
        uint type = module.Type([], []);
        module.Memory(1).Function(type, [0xFC, 0x09, 0x00]).Function(type, [0xFD, 0xFF, 0x7F]).PassiveData(1);
        Validate.Malformed(module, "illegal opcode");
    }

    [Fact]
    public void WithNoDataSegmentsADataIndexIsSimplyUnknown()
    {
        var module = new TestModule();
        uint type = module.Type([], []);
        module.Function(type, [0xFC, 0x09, 0x00]);
        Validate.Invalid(module, "unknown data segment 0");
    }

    [Fact]
    public void DataIndexWithDataCount()
    {
        var module = new TestModule();
        uint type = module.Type([], []);
        module.Memory(1).DataCount(1).Function(type, [0xFC, 0x09, 0x00]).PassiveData(1);
        Validate.Valid(module);

        var unknown = new TestModule();
        type = unknown.Type([], []);
        unknown.Memory(1).DataCount(1).Function(type, [0xFC, 0x09, 0x01]).PassiveData(1);
        Validate.Invalid(unknown, "unknown data segment 1");
    }

    [Fact]
    public void ElseOutsideAnIfIsMalformed()
    {
        Validate.Malformed(Validate.Function([], [], [0x02, 0x40, 0x05, 0x0B]), "END opcode expected");
        Validate.Malformed(Validate.Function([], [], [0x41, 0x01, 0x04, 0x40, 0x05, 0x05, 0x0B]), "END opcode expected");
        Validate.Malformed(Validate.Function([], [], [0x05]), "END opcode expected");
    }

    [Fact]
    public void BodyThatEndsBeforeItsSizeIsMalformed()
    {
        var module = new TestModule();
        uint type = module.Type([], []);
        module.RawFunction(type, [0x0B, 0x01, 0x0B]);
        Validate.Malformed(module, "section size mismatch");
    }

    [Fact]
    public void BodyWithAnOpenBlockAtItsEndIsMalformed()
    {
        var module = new TestModule();
        uint type = module.Type([], []);
        module.RawFunction(type, [0x02, 0x40, 0x0B]);
        module.RawFunction(type, [0x0B]);
        Validate.Malformed(module, "END opcode expected");
    }

    [Fact]
    public void ScannerAgreesWithTheValidatorOnValidModules()
    {
        // The decode-only scan must accept every instruction the validator accepts.
        var module = new TestModule();
        uint type = module.Type([], []);
        module.Memory(1).DataCount(1).Table(FuncRef, 1)
            .Function(type, [
                0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x08, 0x00, 0x00, // memory.init 0
                0xFD, 0x0C, .. new byte[16], 0xFD, 0x15, 0x0F, 0x1A,      // v128.const, extract_lane_s 15
                0x41, 0x00, 0x0E, 0x02, 0x00, 0x00, 0x00,                  // br_table
            ])
            .PassiveData(1);
        var decoded = ModuleDecoder.Decode(module.Build());
        ModuleValidator.Validate(decoded);
        MalformedScanner.Scan(decoded);
    }
}
