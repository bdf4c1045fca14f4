namespace OroOrleans.Grains;

/// <summary>
/// Every event id of the product's <c>[LoggerMessage]</c> methods, in one table so that an id names one event in
/// every log: 1xxx grains (a hundred per domain), 2xxx hosting, 3xxx the token endpoints, 4xxx the revocation view,
/// 5xxx the front end's grain calls.
/// <c>Tests/Solution/LogEventIdTests</c> checks that each id is used once and only from here.
/// </summary>
public static class LogEvents
{
    // Grains (a hundred ids per domain).
    public const int ClientRegistered = 1001;
    public const int ClientUpdated = 1002;
    public const int ClientSecretRotated = 1003;
    public const int ClientDeleted = 1004;
    public const int UserLocked = 1101;
    public const int UserUpdated = 1102;
    public const int UserPasswordNotChecked = 1103;
    public const int IssuanceCounterFlusherFlushFailed = 1111;
    public const int IssuanceCounterFlusherFinalFlushFailed = 1112;
    public const int KeyRingGenerated = 1201;
    public const int KeyRingRotated = 1202;
    public const int KeyRingSealed = 1203;
    public const int KeyRingRevoked = 1204;
    public const int KeyRingAnnounced = 1205;
    public const int KeyRingImported = 1206;
    public const int KeyRingAlgorithmAtNextRotation = 1207;
    public const int KeyRingAlgorithmOfOperatorKey = 1208;
    public const int KeyRingReminderFailed = 1209;
    public const int KeyRingStartupFailed = 1210;
    public const int KeyRingStartupCheckFailed = 1211;
    public const int TokenIssuerIssued = 1301;
    public const int TokenIssuerVisitorTokenIgnored = 1302;
    public const int TokenIssuerVisitorMoveFailed = 1303;
    public const int GuestTokenReserveRefillFailed = 1311;
    public const int GuestTokenReservePoolDropped = 1312;
    public const int GuestTokenReserveClientUnreadable = 1313;
    public const int GuestTokenReserveSettled = 1314;
    public const int RefreshFamilyReuse = 1401;
    public const int RefreshFamilyRevoked = 1402;
    public const int RefreshFamilyRetry = 1403;
    public const int TokenInspectorTokenRevoked = 1411;
    public const int ShoppingListMoved = 1501;
    public const int ShoppingListExpired = 1502;
    public const int ExpirySweepSwept = 1511;
    public const int ExpirySweepFailed = 1512;
    public const int RevocationLedgerPushFailed = 1601;
    public const int RevocationLedgerDeferredWriteFailed = 1602;
    public const int RevocationLedgerSweepFailed = 1603;
    public const int RevocationLedgerRereadFailed = 1604;

    // Hosting: silos, standalone, seeding.
    public const int StandaloneBannerListening = 2001;
    public const int SiloReadyBannerReady = 2002;
    public const int StandaloneBannerListeningWithoutGateway = 2003;
    public const int KeyProtectionBannerPlaintext = 2011;
    public const int KeyProtectionBannerOpenDirectory = 2012;
    public const int TlsDisabledBannerDisabled = 2021;
    public const int SeedApplierSeeded = 2101;
    public const int SeedApplierDemoSecretsAllowed = 2102;
    public const int SqliteCheckpointerFailed = 2201;

    // Front end: the token endpoints.
    public const int TokenEndpointsRefused = 3001;
    public const int TokenEndpointsUnavailable = 3002;
    public const int TokenEndpointsRateLimited = 3003;
    public const int TokenEndpointsUnknownDenial = 3004;
    public const int RevokeEndpointsUnavailable = 3101;
    public const int IntrospectionEndpointsUnavailable = 3201;

    // Front end: the revocation view.
    public const int RevocationSyncLoaded = 4001;
    public const int RevocationSyncResynced = 4002;
    public const int RevocationSyncSyncFailed = 4003;
    public const int RevocationSyncUnsubscribeFailed = 4004;

    // Front end: grain calls and silo deaths.
    public const int ClusterCallsRetrying = 5001;
    public const int ClusterCallsGaveUp = 5002;
    public const int SiloDeathWatcherDeclared = 5011;
    public const int SiloDeathWatcherReadFailed = 5012;

    // Front end: the last line of error handling.
    public const int ErrorHandlingUnavailable = 5021;
}
