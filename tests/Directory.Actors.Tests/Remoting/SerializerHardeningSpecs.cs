using System.Text;
using Akka.Actor;
using Akka.Dispatch.SysMsg;
using Akka.Serialization;
using Encryptio.Directory.Actors.Tests.Remoting.Support;
using Encryptio.Messages.Serialization.Hardening;
using Xunit.Abstractions;

namespace Encryptio.Directory.Actors.Tests.Remoting;

/// <summary>The wrappers as a node's own serialization sees them: ids 22, 16 and 1, bytes from the network.</summary>
public sealed class SerializerHardeningSpecs(ITestOutputHelper output) : RemotingSpec(output)
{
    private Akka.Serialization.Serialization Serialization => Sys.Serialization;

    [Fact]
    public void The_identifiers_22_16_and_1_and_their_bindings_belong_to_the_wrappers()
    {
        Serialization.FindSerializerFor(new Suspend()).Should().BeOfType<HardenedSystemMessageSerializer>()
            .Which.Identifier.Should().Be(22);
        Serialization.FindSerializerFor(Kill.Instance).Should().BeOfType<HardenedMiscMessageSerializer>()
            .Which.Identifier.Should().Be(16);
        Serialization.FindSerializerForType(typeof(object)).Should().BeOfType<HardenedJsonSerializer>()
            .Which.Identifier.Should().Be(1);
    }

    [Fact]
    public void JSON_naming_a_dotnet_type_in_dollar_type_creates_no_object_of_that_type()
    {
        var json = Bytes($$"""{"$type":"{{typeof(Canary).AssemblyQualifiedName}}","Name":"planted"}""");
        var before = Canary.Constructed;

        var result = Serialization.Deserialize(json, 1, (string?)null);

        result.Should().NotBeOfType<Canary>();
        Canary.Constructed.Should().Be(before);
    }

    [Theory]
    [InlineData("Akka.Actor.Kill, Akka")]
    [InlineData("Akka.Actor.PoisonPill, Akka")]
    [InlineData("Akka.Dispatch.SysMsg.Suspend, Akka")]
    [InlineData("Akka.Dispatch.SysMsg.Terminate, Akka")]
    public void JSON_whose_manifest_names_a_lifecycle_type_is_neutralized(string manifest)
    {
        Serialization.Deserialize(Bytes("{}"), 1, manifest).Should().BeOfType<NeutralizedMessage>()
            .Which.Should().BeAssignableTo<IPossiblyHarmful>();
    }

    [Fact]
    public void JSON_whose_manifest_names_any_other_type_creates_no_object_of_it()
    {
        var before = Canary.Constructed;

        var result = Serialization.Deserialize(Bytes("""{"Name":"planted"}"""), 1, typeof(Canary).AssemblyQualifiedName);

        result.Should().BeOfType<NeutralizedMessage>();
        Canary.Constructed.Should().Be(before);
    }

    [Fact]
    public void Plain_JSON_and_JSON_that_does_not_parse_come_back_without_an_exception()
    {
        Serialization.Deserialize(Bytes("""{"a":[1,2]}"""), 1, (string?)null).Should().NotBeOfType<NeutralizedMessage>();
        Serialization.Deserialize(Bytes("{not json"), 1, (string?)null).Should().BeOfType<NeutralizedMessage>();
    }

    [Theory]
    [InlineData("K")]
    [InlineData("PP")]
    [InlineData("STF")]
    [InlineData("CF")]
    [InlineData("RORRP")]
    [InlineData("no-such-manifest")]
    public void Misc_messages_other_than_what_remoting_needs_are_neutralized(string manifest)
    {
        Serialization.Deserialize([], 16, manifest).Should().BeOfType<NeutralizedMessage>();
    }

    [Fact]
    public void Identify_and_ActorIdentity_still_round_trip_through_the_misc_serializer()
    {
        RoundTrip(new Identify("who")).Should().BeOfType<Identify>().Which.MessageId.Should().Be("who");
        RoundTrip(new ActorIdentity(7, TestActor)).Should().BeOfType<ActorIdentity>().Which.Subject.Should().Be(TestActor);
    }

    public static TheoryData<string> Lifecycle => new()
    {
        nameof(Suspend), nameof(Resume), nameof(Terminate), nameof(Recreate), nameof(Create), nameof(Failed), nameof(Supervise),
    };

    [Theory]
    [MemberData(nameof(Lifecycle))]
    public void Lifecycle_system_messages_are_neutralized(string name)
    {
        var local = (IInternalActorRef)TestActor;
        ISystemMessage message = name switch
        {
            nameof(Suspend) => new Suspend(),
            nameof(Resume) => new Resume(new Exception("x")),
            nameof(Terminate) => new Terminate(),
            nameof(Recreate) => new Recreate(new Exception("x")),
            nameof(Create) => new Create(),
            nameof(Failed) => new Failed(local, new Exception("x"), local.Path.Uid),
            nameof(Supervise) => new Supervise(local, async: false),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };

        RoundTrip(message).Should().BeOfType<NeutralizedMessage>();
    }

    [Fact]
    public void Watch_passes_only_as_a_remote_actor_watching_one_of_ours()
    {
        var ours = (IInternalActorRef)TestActor;
        var theirs = RemoteWatcherOf("peer");

        RoundTrip(new Watch(ours, theirs)).Should().BeOfType<Watch>();
        RoundTrip(new Unwatch(ours, theirs)).Should().BeOfType<Unwatch>();
        RoundTrip(new Watch(theirs, ours)).Should().BeOfType<NeutralizedMessage>("it would make our actor watch theirs");
        RoundTrip(new Unwatch(theirs, ours)).Should().BeOfType<NeutralizedMessage>();
    }

    [Fact]
    public void A_death_notice_passes_only_about_a_remote_actor()
    {
        RoundTrip(new DeathWatchNotification(RemoteWatcherOf("peer"), true, false)).Should().BeOfType<DeathWatchNotification>();
        RoundTrip(new DeathWatchNotification(TestActor, true, false)).Should().BeOfType<NeutralizedMessage>();
    }

    [Fact]
    public void System_message_bytes_that_do_not_parse_are_neutralized_not_thrown()
    {
        var watchManifest = Akka.Serialization.Serialization.ManifestFor(Serialization.FindSerializerFor(new Suspend()), new Suspend())
            .Replace(nameof(Suspend), nameof(Watch));

        Serialization.Deserialize([0xFF, 0xFF, 0xFF], 22, watchManifest).Should().BeOfType<NeutralizedMessage>();
        Serialization.Deserialize([], 22, "No.Such.Type, Nowhere").Should().BeOfType<NeutralizedMessage>();
    }

    private object RoundTrip(object message)
    {
        var serializer = Serialization.FindSerializerFor(message);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
        return Serialization.Deserialize(serializer.ToBinary(message), serializer.Identifier, manifest);
    }

    private IInternalActorRef RemoteWatcherOf(string system) =>
        RemoteNodes.Forge(Sys, new Address("akka.ssl.tcp", system, "127.0.0.1", 1), "/system/remote-watcher");

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}

/// <summary>Counts its constructions: planted in JSON, it must never be built.</summary>
public sealed class Canary
{
    private static int _constructed;
    public static int Constructed => Volatile.Read(ref _constructed);
    public Canary() => Interlocked.Increment(ref _constructed);
    public string? Name { get; set; }
}
