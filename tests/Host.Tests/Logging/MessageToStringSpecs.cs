using System.Collections.Immutable;
using System.Net;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Akka.Actor;
using Encryptio.Messages;
using Encryptio.Messages.Identity;
using Encryptio.Messages.P2P;
using Encryptio.Peer.Node;
using Encryptio.Peer.Sessions;
using Xunit.Abstractions;
using Encryptio.Runtime.Pki;

namespace Encryptio.Host.Tests.Logging;

/// <summary>
/// Akka's dead-letter log, an unhandled-message log and any "{0}" of a message print its ToString().
/// So no type in the production assemblies may show chat text or secret bytes there. The types are
/// found by reflection, not listed: a record added tomorrow with a Text, a key or a nonce is built
/// with a marker in those members and fails here until it redacts them.
/// </summary>
public sealed class MessageToStringSpecs(ITestOutputHelper output)
{
    private const string Marker = "SECRET-MARKER";
    private static readonly byte[] MarkerBytes = Encoding.UTF8.GetBytes(Marker);

    private static readonly Assembly[] Production =
    [
        typeof(Redacted).Assembly,                         // Encryptio.Messages
        typeof(Encryptio.Peer.Node.PeerActor).Assembly,    // Encryptio.Peer.Actors
        typeof(Encryptio.Directory.DirectoryNode).Assembly // Encryptio.Directory.Actors
    ];

    // Strings that hold what people typed, or secrets by name.
    private static readonly string[] TextNames = ["text", "body", "line", "plaintext"];
    private static readonly string[] SecretWords = ["secret", "private", "password", "chainkey", "rootkey", "messagekey", "nonce", "proof", "signature"];

    // Renderings of the marker bytes a careless ToString() could produce.
    private static readonly string[] MarkerForms =
    [
        Marker,
        Convert.ToHexString(MarkerBytes),
        Convert.ToHexStringLower(MarkerBytes),
        Convert.ToBase64String(MarkerBytes),
        string.Join(", ", MarkerBytes),
        string.Join(" ", MarkerBytes),
        string.Join("-", MarkerBytes.Select(b => b.ToString("X2"))),
    ];

    [Fact]
    public void No_message_type_shows_chat_text_or_secret_bytes_through_ToString()
    {
        var leaks = new List<string>();
        foreach (var type in SecretCarryingTypes())
        {
            var instance = Build(type, depth: 0);
            var printed = instance.ToString() ?? "";
            output.WriteLine(printed);
            var form = MarkerForms.FirstOrDefault(f => printed.Contains(f, StringComparison.Ordinal));
            if (form is not null) leaks.Add($"{type.FullName} prints '{form}': {printed}");
        }

        string.Join("\n", leaks).Should().BeEmpty("text and secrets reach the log through ToString() (override PrintMembers with Redacted.Text)");
    }

    [Fact]
    public void The_sweep_finds_every_message_known_to_carry_chat_text_so_it_cannot_pass_by_finding_nothing()
    {
        var found = SecretCarryingTypes().Select(t => t.Name).ToList();

        found.Should().Contain([
            nameof(SendChat), nameof(ChatArrived), nameof(SendText), nameof(MessageReceived), nameof(HistoryListed),
            nameof(ChatPayload), nameof(Encryptio.Peer.Conversations.ConversationMessage),
            "InputLine", // the console's line as typed, a private message to itself
            "SendFrame", "FrameReceived", nameof(Encryptio.Messages.Directory.AuthChallenge),
        ]);
    }

    [Fact]
    public void A_redacted_message_still_says_what_it_is_and_how_long_its_text_was()
    {
        var id = MessageId.NewRandom();

        var printed = new SendChat(id, ChatText.From("héllo " + Marker), DateTimeOffset.UnixEpoch, MessageTtl.FromSeconds(30)).ToString();

        printed.Should().StartWith("SendChat { ").And.Contain($"Id = {id}").And.Contain("Text = <redacted 20 bytes>").And.NotContain(Marker);
    }

    // ---- discovery ------------------------------------------------------------------------------

    private static List<Type> SecretCarryingTypes()
    {
        var verdicts = new Dictionary<Type, bool>();
        return Production.SelectMany(a => a.GetTypes())
            .Where(IsDataType)
            .Where(PrintsItsMembers)
            .Where(t => CarriesSecrets(t, verdicts))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToList();
    }

    private static bool IsDataType(Type t) =>
        !t.IsAbstract && !t.IsInterface && !t.IsEnum && !t.IsGenericTypeDefinition && !t.ContainsGenericParameters
        && !typeof(Delegate).IsAssignableFrom(t) && !typeof(ActorBase).IsAssignableFrom(t) && !typeof(Exception).IsAssignableFrom(t)
        && !t.IsDefined(typeof(CompilerGeneratedAttribute)) && !t.Name.Contains('<');

    /// Object's and ValueType's ToString() print the type's name only; records, and any type that
    /// overrides ToString(), may print their members.
    private static bool PrintsItsMembers(Type t) =>
        t.GetMethod(nameof(ToString), Type.EmptyTypes)!.DeclaringType is { } declaring && declaring != typeof(object) && declaring != typeof(ValueType);

    /// A type carries secrets when a constructor parameter is chat text, secret by name, byte data, or
    /// a value (or a collection of values) of a production type that itself carries secrets.
    private static bool CarriesSecrets(Type type, Dictionary<Type, bool> verdicts)
    {
        if (verdicts.TryGetValue(type, out var known)) return known;
        verdicts[type] = false; // a cycle adds nothing
        var verdict = Constructor(type)?.GetParameters().Any(p => IsSecret(p.Name!, p.ParameterType, verdicts)) ?? false;
        verdicts[type] = verdict;
        return verdict;
    }

    private static bool IsSecret(string name, Type type, Dictionary<Type, bool> verdicts)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(ChatText)) return true; // chat text by its type, whatever the member's name
        if (type == typeof(string)) return IsSecretName(name);
        if (IsBytes(type)) return true;
        if (ElementType(type) is { } element) return IsSecret(name, element, verdicts);
        return Production.Contains(type.Assembly) && IsDataType(type) && CarriesSecrets(type, verdicts);
    }

    private static bool IsSecretName(string name)
    {
        var lower = name.ToLowerInvariant();
        return TextNames.Contains(lower) || SecretWords.Any(lower.Contains);
    }

    private static bool IsBytes(Type t) =>
        t == typeof(byte[]) || t == typeof(ImmutableArray<byte>) || t == typeof(ReadOnlyMemory<byte>) || t == typeof(Memory<byte>) || t == typeof(ArraySegment<byte>);

    private static Type? ElementType(Type t)
    {
        if (t.IsArray) return t.GetElementType();
        if (!t.IsGenericType) return null;
        var definition = t.GetGenericTypeDefinition();
        if (definition == typeof(ImmutableArray<>) || definition == typeof(IReadOnlyList<>) || definition == typeof(IEnumerable<>)
            || definition == typeof(IReadOnlyCollection<>) || definition == typeof(IList<>) || definition == typeof(List<>))
            return t.GetGenericArguments()[0];
        if (definition == typeof(ImmutableDictionary<,>) || definition == typeof(IReadOnlyDictionary<,>))
            return t.GetGenericArguments()[1];
        return null;
    }

    /// The constructor that takes the most (a record's primary one), never a record's copy constructor.
    private static ConstructorInfo? Constructor(Type type) =>
        type.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
            .Where(c => !(c.GetParameters() is [var only] && only.ParameterType == type))
            .OrderByDescending(c => c.GetParameters().Length)
            .FirstOrDefault();

    // ---- building an instance with the marker in every secret member ----------------------------------

    private static readonly Lazy<X509Certificate2> Certificate = new(() => CertificateIssuer.CreateAuthority());

    private static object Build(Type type, int depth, string name = "")
    {
        if (depth > 6) throw new InvalidOperationException($"{type} nests too deep to build");
        if (Nullable.GetUnderlyingType(type) is { } underlying) return Build(underlying, depth, name);
        if (type == typeof(string)) return IsSecretName(name) ? Marker : "plain";
        if (type == typeof(ChatText)) return ChatText.From(Marker);
        if (type == typeof(MessageTtl)) return MessageTtl.FromSeconds(30);
        if (type == typeof(byte[])) return MarkerBytes.ToArray();
        if (type == typeof(ImmutableArray<byte>)) return ImmutableArray.Create(MarkerBytes);
        if (type == typeof(ReadOnlyMemory<byte>)) return new ReadOnlyMemory<byte>(MarkerBytes.ToArray());
        if (type == typeof(Memory<byte>)) return new Memory<byte>(MarkerBytes.ToArray());
        if (type == typeof(ArraySegment<byte>)) return new ArraySegment<byte>(MarkerBytes.ToArray());
        if (type == typeof(bool)) return true;
        if (type.IsEnum) return Enum.GetValues(type).GetValue(0)!;
        if (type.IsPrimitive) return Convert.ChangeType(1, type);
        if (type == typeof(TimeSpan)) return TimeSpan.FromSeconds(1);
        if (type == typeof(DateTimeOffset)) return DateTimeOffset.UnixEpoch;
        if (type == typeof(object)) return "plain";
        if (type == typeof(Uid)) return Uid.Parse("alice");
        if (type == typeof(ConversationId)) return ConversationId.New();
        if (type == typeof(MessageId)) return MessageId.NewRandom();
        if (type == typeof(PeerEndpoint)) return new PeerEndpoint("127.0.0.1", 1);
        if (type == typeof(IActorRef)) return ActorRefs.Nobody;
        if (type == typeof(EndPoint) || type == typeof(IPEndPoint)) return new IPEndPoint(IPAddress.Loopback, 1);
        if (type == typeof(X509Certificate2)) return Certificate.Value;
        if (type == typeof(ECDsa)) return ECDsa.Create(ECCurve.NamedCurves.nistP384);
        if (type == typeof(TimeProvider)) return TimeProvider.System;
        // A relayed link's socket and TLS stream: never printed by any record (null is what a failed dial holds).
        if (type == typeof(System.Net.Sockets.Socket) || type == typeof(System.Net.Security.SslStream)) return null!;
        if (ElementType(type) is { } element) return Collection(type, element, depth, name);

        var constructor = Constructor(type) ?? throw new InvalidOperationException($"no constructor to build {type}: teach {nameof(MessageToStringSpecs)}.{nameof(Build)}");
        var arguments = constructor.GetParameters().Select(p => Build(p.ParameterType, depth + 1, p.Name!)).ToArray();
        return constructor.Invoke(arguments);
    }

    private static object Collection(Type type, Type element, int depth, string name)
    {
        var definition = type.IsGenericType ? type.GetGenericTypeDefinition() : null;
        if (definition == typeof(ImmutableDictionary<,>) || definition == typeof(IReadOnlyDictionary<,>))
        {
            var keyType = type.GetGenericArguments()[0];
            var dictionary = typeof(ImmutableDictionary<,>).MakeGenericType(keyType, element);
            var empty = dictionary.GetField("Empty")!.GetValue(null)!;
            return dictionary.GetMethod("Add")!.Invoke(empty, [Build(keyType, depth + 1), Build(element, depth + 1, name)])!;
        }
        var array = Array.CreateInstance(element, 1);
        array.SetValue(Build(element, depth + 1, name), 0);
        if (definition == typeof(ImmutableArray<>))
            return typeof(ImmutableArray).GetMethods()
                .Single(m => m.Name == nameof(ImmutableArray.Create) && m.GetParameters() is [{ ParameterType.IsArray: true }])
                .MakeGenericMethod(element).Invoke(null, [array])!;
        if (definition == typeof(List<>)) return Activator.CreateInstance(type, array)!;
        return array;
    }
}
