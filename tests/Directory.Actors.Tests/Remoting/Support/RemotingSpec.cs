using Encryptio.Directory.Tests.Support;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.TestKit;
using Encryptio.Messages.Identity;
using Xunit.Abstractions;
using Encryptio.Runtime.Pki;

namespace Encryptio.Directory.Actors.Tests.Remoting.Support;

/// <summary>
/// A TestKit whose own system (<c>Sys</c>) is a real directory node; peers are started with
/// <see cref="StartPeer"/> and shut down with the test.
/// </summary>
public abstract class RemotingSpec : Akka.TestKit.Xunit2.TestKit
{
    private readonly List<ActorSystem> _others = [];

    protected RemotingSpec(ITestOutputHelper output)
        : base(RemoteNodes.Start("directory", NodeKind.Directory, Pkis.Encryptio.IssueDirectory(), Pkis.Encryptio.Trust), output)
    {
    }

    protected Address DirectoryAddress => RemoteNodes.AddressOf(Sys);

    protected ActorSystem StartPeer(string uid) =>
        StartPeer(uid, Pkis.Encryptio.IssueUser(uid), Pkis.Encryptio.Trust);

    protected ActorSystem StartPeer(string name, X509Certificate2 certificate, AuthorityTrust trust)
    {
        var peer = RemoteNodes.Start(name, NodeKind.Peer, certificate, trust);
        lock (_others) _others.Add(peer);
        return peer;
    }

    /// <summary>Keeps <paramref name="node"/> to shut down with the test.</summary>
    protected ActorSystem Track(ActorSystem node)
    {
        lock (_others) _others.Add(node);
        return node;
    }

    /// <summary>Resolves an actor on another node with Identify over the wire; fails the test when none answers.</summary>
    protected async Task<IActorRef> IdentifyAsync(ActorSystem from, Address target, string path, TimeSpan? timeout = null)
    {
        var probe = CreateTestProbe(from);
        from.ActorSelection($"{target}{path}").Tell(new Identify(path), probe.Ref);
        var identity = await probe.ExpectMsgAsync<ActorIdentity>(timeout ?? TimeSpan.FromSeconds(10));
        identity.Subject.Should().NotBeNull($"{path} on {target} should answer Identify");
        return identity.Subject!;
    }

    protected override void AfterAll()
    {
        ActorSystem[] others;
        lock (_others) others = [.. _others];
        Task.WaitAll(others.Select(o => o.Terminate()).ToArray(), TimeSpan.FromSeconds(10));
        base.AfterAll();
    }
}
