import CapstanWire
import Hummingbird

// The wire module stays free of the web framework; the server teaches Hummingbird to send its types.
extension EngineView: ResponseGenerator, ResponseEncodable {}
extension HealthView: ResponseGenerator, ResponseEncodable {}
extension ContainerView: ResponseGenerator, ResponseEncodable {}
extension ActionResultView: ResponseGenerator, ResponseEncodable {}
extension LogsView: ResponseGenerator, ResponseEncodable {}
extension WaitResultView: ResponseGenerator, ResponseEncodable {}
extension ImageView: ResponseGenerator, ResponseEncodable {}
extension VolumeView: ResponseGenerator, ResponseEncodable {}
extension NetworkView: ResponseGenerator, ResponseEncodable {}
extension PruneReportView: ResponseGenerator, ResponseEncodable {}
extension ImageRemovalView: ResponseGenerator, ResponseEncodable {}
extension UserView: ResponseGenerator, ResponseEncodable {}
extension TokenPairView: ResponseGenerator, ResponseEncodable {}
extension SetupStatusView: ResponseGenerator, ResponseEncodable {}
extension SettingView: ResponseGenerator, ResponseEncodable {}
