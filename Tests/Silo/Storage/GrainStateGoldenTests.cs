using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Serialization;
using Orleans.Storage;
using OroOrleans.Grains.Clients;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Silo.Storage;

namespace OroOrleans.Tests.Silo.Storage;

/// <summary>
/// Golden state payloads: for every persisted state type, a committed payload in the old format
/// (<c>*.legacy.json</c>, Newtonsoft with <c>$type</c>) and one in the current format (<c>*.v1.bin</c>)
/// must keep loading as the sample in <see cref="GoldenStates"/>. A missing golden file is written from
/// the sample and the test fails, so that it gets committed.
/// </summary>
[Trait("Category", "Unit")]
public sealed partial class GrainStateGoldenTests
{
    private static readonly ServiceProvider Services = new ServiceCollection()
        .AddSerializer(builder => builder.AddAssembly(typeof(ClientState).Assembly).AddAssembly(typeof(SigningKey).Assembly))
        .BuildServiceProvider();

    private readonly GrainStateSerializer _serializer = new(Services.GetRequiredService<Serializer>());

    public static TheoryData<string> StateNames => [.. GoldenStates.Samples.Keys];

    [Theory]
    [MemberData(nameof(StateNames))]
    public void LegacyGolden_IsOrleansDefaultJsonWithClrTypeNames(string name)
    {
        // Written once by Orleans' default JSON grain storage serializer (what this project stored before) and
        // never rewritten: a state member removed since is still in the file, and must not stop it loading.
        var golden = Encoding.UTF8.GetString(ReadOrCreate($"{name}.legacy.json", () => Call<BinaryData>(nameof(SerializeLegacy), name, GoldenStates.Samples[name]).ToArray()));

        Assert.StartsWith("{\"$id\":\"1\",\"$type\":\"OroOrleans.Grains.", golden, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StateNames))]
    public void LegacyGolden_LoadsAsTheSample(string name)
    {
        var golden = File.ReadAllBytes(Path.Combine(GoldenStates.Directory, $"{name}.legacy.json"));
        AssertSameState(GoldenStates.Samples[name], Load(name, golden));
    }

    [Theory]
    [MemberData(nameof(StateNames))]
    public void CurrentGolden_LoadsAsTheSample(string name)
    {
        var golden = ReadOrCreate($"{name}.v1.bin", () => _serializer.Serialize(GoldenStates.Samples[name]).ToArray());

        Assert.True(golden.AsSpan().StartsWith(GrainStateSerializer.Header));
        AssertSameState(GoldenStates.Samples[name], Load(name, golden));
    }

    [Theory]
    [MemberData(nameof(StateNames))]
    public void CurrentFormat_NamesNoClrType(string name)
    {
        var sample = GoldenStates.Samples[name];
        var payload = Encoding.Latin1.GetString(Call<BinaryData>(nameof(SerializeCurrent), name, sample).ToArray());

        Assert.DoesNotContain("OroOrleans", payload, StringComparison.Ordinal);
        Assert.DoesNotContain(sample.GetType().Name, payload, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", payload, StringComparison.Ordinal);
    }

    [Fact]
    public void LegacyRow_NamingAnotherType_LoadsTheDeclaredTypeAndNothingElse()
    {
        // A row whose root $type names something else entirely: the stored name decides nothing.
        var golden = File.ReadAllText(Path.Combine(GoldenStates.Directory, "ClientState.legacy.json"));
        var hostile = TypeName().Replace(golden, "\"$type\":\"System.Diagnostics.Process, System.Diagnostics.Process\"", 1);
        Assert.NotEqual(golden, hostile);

        var state = _serializer.Deserialize<ClientState>(new BinaryData(Encoding.UTF8.GetBytes(hostile)));

        AssertSameState(GoldenStates.Samples["ClientState"], state);
    }

    [Fact]
    public void Payload_InNeitherFormat_IsRefused()
    {
        var error = Assert.Throws<InvalidDataException>(() => _serializer.Deserialize<ClientState>(new BinaryData(new byte[] { 0xC0, 1, 2 })));
        Assert.Contains("ClientState", error.Message, StringComparison.Ordinal);
    }

    private object Load(string name, byte[] payload) => Call<object>(nameof(Deserialize), name, new BinaryData(payload));

    private T Call<T>(string method, string name, object argument) =>
        (T)GetType().GetMethod(method, BindingFlags.NonPublic | BindingFlags.Instance)!
            .MakeGenericMethod(GoldenStates.Samples[name].GetType())
            .Invoke(this, [argument])!;

    private T Deserialize<T>(BinaryData payload) => _serializer.Deserialize<T>(payload);

    private BinaryData SerializeCurrent<T>(T state) => _serializer.Serialize(state);

#pragma warning disable CA1822 // called by reflection through the instance like its siblings
    private BinaryData SerializeLegacy<T>(T state) => LegacyWriter.Value.Serialize(state);
#pragma warning restore CA1822

    /// <summary>The serializer this project's rows were written with before: Orleans' default for grain storage.</summary>
    private static readonly Lazy<JsonGrainStorageSerializer> LegacyWriter = new(() =>
    {
        // A client host built but never started carries Orleans' JSON settings exactly as a silo had them.
        var host = Host.CreateApplicationBuilder();
        host.UseOrleansClient(client => client.UseLocalhostClustering());
        return new JsonGrainStorageSerializer(host.Build().Services.GetRequiredService<OrleansJsonSerializer>());
    });

    private static void AssertSameState(object expected, object actual)
    {
        Assert.IsType(expected.GetType(), actual);
        Assert.Equal(JsonSerializer.Serialize(expected, expected.GetType()), JsonSerializer.Serialize(actual, actual.GetType()));
    }

    [GeneratedRegex("\"\\$type\":\"[^\"]*\"")]
    private static partial Regex TypeName();

    private static byte[] ReadOrCreate(string fileName, Func<byte[]> write)
    {
        var path = Path.Combine(GoldenStates.Directory, fileName);
        if (!File.Exists(path))
        {
            File.WriteAllBytes(path, write());
            Assert.Fail($"{fileName} did not exist and was written from the sample: commit it.");
        }

        return File.ReadAllBytes(path);
    }
}
