/**
 * Common passwords refused by the password policy (PRODUCT.md chapter 1): the most used passwords
 * worldwide, Spanish words, names and places people in Venezuela and Latin America pick, and their
 * usual endings (1, 123, 2026, !...). Compared in lowercase. 1000 entries.
 * Kept as a module (not a data file) so the compiled server carries it.
 */
const LIST = `
!qaz2wsx 0000 000000 0000000000 010101 0987654321 101010 102030 10203040 1020304050 1111 11111 111111
11111111 1111111111 112233 11223344 1122334455 121212 121212121 123123 123123123 123321 1234 12341234
12344321 12345 123456 1234561 1234567 12345678 123456789 1234567890 123456789012 1234567890a 123456789a
123456a 123456q 12345a 1234abcd 1234qwer 123654 123aaa 123abc 123qwe 131313 147258369 159357 159753 1q2w3e
1q2w3e4r 1q2w3e4r5t 1qa2ws3ed 1qaz2wsx 1qazxsw2 2000 202020 20202020 222222 232323 321654 333333 555555
5555555555 654321 666666 696969 741852963 777777 7777777 789456123 8675309 87654321 888888 88888888 963852741
987654 987654321 9876543210 999999 a123456 a12345678 aa123456 aaa111 aaaaaa aaaaaa1 abc111 abc123 abc12345
abc123456 abcd1234 abcdef abcdef1 abcdefg abcdefg1 abcdefgh abcdefgh1 abril abril1 acceso acceso1 access
access1 adidas adidas1 admin admin1 admin123 administrador administrator administrator1 adriana adriana1
agosto agosto1 alberto alberto1 alejandra alejandra1 alejandro alejandro1 alianza alianza1 alimentos amanda
amanda1 amarillo amarillo1 america america1 amiga amiga1 amigo amigo1 amigos amigos1 amor amor1 amor123
amormio amormio1 andrea andrea1 andres andres1 andrew andrew1 angel angel1 angelito angelito1 anthony
anthony1 antonio antonio1 argentina argentina1 arsenal arsenal1 arturo arturo1 asd123 asdf1234 asdfasdf
asdfasdf1 asdfgh asdfgh1 asdfgh12 asdfghjkl asdfghjkl1 ashley ashley1 austin austin1 azerty azerty1
azertyuiop azertyuiop1 azul azul1 badboy badboy1 bailey bailey1 banana banana1 banco barcelona barcelona1
barney barney1 barquisimeto barquisimeto1 baseball baseball1 baseball12 batman batman1 bebe bebe1 bebito
bebito1 beisbol beisbol1 bendicion bendicion1 bienvenida bienvenido bienvenido1 bigdaddy bigdaddy1 bigdog
bigdog1 biteme biteme1 blanco blanco1 blink182 boca boca1 bonita bonita1 booboo booboo1 boomer boomer1 boston
boston1 brandon brandon1 brandy brandy1 bulldog bulldog1 buster buster1 buster12 camaro camaro1 cambiame
cambiar cambio123 camila camila1 caracas caracas1 caracasfc caracasfc1 carino carino1 cariño cariño1 carlos
carlos1 carmen carmen1 carolina carolina1 casper casper1 cestaticket changeme changeme1 charles charles1
charlie charlie1 cheese cheese1 chelsea chelsea1 chester chester1 chicago chicago1 chicken chicken1 chocolate
chocolate1 chris chris1 claudia claudia1 clave clave1 clave123 clavenueva cocacola cocacola1 coffee coffee1
colombia colombia1 compaq compaq1 computer computer1 conexion conexion1 conexionempresas contrasena
contrasena1 contrasena123 contraseña contraseña1 cookie cookie1 corazon corazon1 corvette corvette1 cowboy
cowboy1 cowboys cowboys1 cristiano cristiano1 crystal crystal1 dakota dakota1 dallas dallas1 daniel daniel1
daniela daniela1 david david1 default default1 diablo diablo1 diamond diamond1 diana diana1 diciembre
diciembre1 diego diego1 dinero dios dios1 diosesamor diosesamor1 diosmio diosmio1 diosteama diosteama1 disney
disney1 domingo domingo1 dragon dragon1 dragon12 dragonball dulce dulce1 eagles eagles1 eduardo eduardo1
edward edward1 elena elena1 empresa empresa1 empresa123 enero enero1 enrique enrique1 enter enter1 entrar
ernesto ernesto1 espana espana1 españa españa1 estrella estrella1 falcon falcon1 familia familia1 febrero
febrero1 fender fender1 fernanda fernanda1 fernando fernando1 ferrari ferrari1 fishing fishing1 flower
flower1 football football1 football12 forever forever1 francisco francisco1 freedom freedom1 fresita fresita1
fuckyou futbol futbol1 gabriela gabriela1 gandalf gandalf1 gateway gateway1 gatito gatito1 george george1
gfhjkm gfhjkm1 ghbdtn ghbdtn1 ginger ginger1 gloria gloria1 goku golden golden1 golfer golfer1 guest guest1
guitar guitar1 gustavo gustavo1 hammer hammer1 hannah hannah1 hardcore hardcore1 harley harley1 harrypotter
heather heather1 hector hector1 hello hello1 hermosa hermosa1 hija hija1 hijo hijo1 hockey hockey1 hola hola1
hola123 hola1234 holamundo holamundo1 hulk hunter hunter1 hunter12 iceman iceman1 iloveyou iloveyou1 ingresar
inicio inicio123 internet internet1 invierno invierno1 ironman isabella isabella1 jackson jackson1 james
james1 jasmine jasmine1 jasper jasper1 javier javier1 jennifer jennifer1 jennifer12 jessica jessica1
jesucristo jesucristo1 jesus jesus1 johnny johnny1 jordan jordan1 jordan12 jorge jorge1 jose jose1 joseph
joseph1 joshua joshua1 juan juan1 julio julio1 junio junio1 junior junior1 justin justin1 karina karina1
killer killer1 killer12 klaster klaster1 knight knight1 lakers lakers1 laura laura1 leones leones1 letmein
letmein1 letmein12 login login1 london london1 lorena lorena1 love love1 lovely loveyou lucia lucia1 luis
luis1 lunes lunes1 madrid madrid1 magallanes magallanes1 maggie maggie1 mama mama1 mamita mamita1 mamá mamá1
manuel manuel1 maracaibo maracaibo1 maracay maracay1 maria maria1 mariana mariana1 marina marina1 marine
marine1 mario mario1 mariposa mariposa1 marlboro marlboro1 martes martes1 martin martin1 marzo marzo1 master
master1 master12 mateo mateo1 matrix matrix1 matthew matthew1 maverick maverick1 mayo mayo1 melissa melissa1
mercedes mercedes1 merlin merlin1 messi messi1 mexico mexico1 miamor miamor1 michael michael1 michael12
michelle michelle1 mickey mickey1 miclave miclave1 micontrasena micontrasena1 micontraseña micontraseña1
midnight midnight1 miguel miguel1 miller miller1 minecraft minecraft1 mivida mivida1 money money1 monica
monica1 monkey monkey1 monkey12 monkey123 monster monster1 morado morado1 morgan morgan1 mother mother1
mustang mustang1 mustang12 naranja naranja1 naruto nascar nascar1 natalia natalia1 natasha natasha1 ncc1701
negro negro1 neymar neymar1 nicole nicole1 nikita nikita1 nomina novia novia1 noviembre noviembre1 novio
novio1 nueva nueva123 nuevaclave nómina octubre octubre1 oficina oliver oliver1 operador operador1 orange
orange1 oscar oscar1 otoño otoño1 p@ssw0rd p@ssword pablo pablo1 panties panties1 paola paola1 papa papa1
papito papito1 papá papá1 pass pass1 passw0rd password password1 password12 password123 passwort passwort1
patricia patricia1 patrick patrick1 paula paula1 peanut peanut1 pedro pedro1 pelota pelota1 pepper pepper1
perrito perrito1 phoenix phoenix1 plata player player1 please please1 pokemon porsche porsche1 prepago
primavera primavera1 prince prince1 princesa princesa1 princess princess1 prueba prueba1 prueba123 pruebas
purple purple1 q1w2e3r4 q1w2e3r4t5 qazwsx qazwsx1 qazwsx12 qazwsxedc qazwsxedc1 qwe123 qweasd qweasdzxc
qwer1234 qwerty qwerty1 qwerty12 qwerty123 qwertyu qwertyu1 qwertyuiop qwertyuiop1 qwertyuiop12 qwertz
qwertz1 rabbit rabbit1 rachel rachel1 rafael rafael1 raiders raiders1 ranger ranger1 rangers rangers1 raul
raul1 realmadrid realmadrid1 redsox redsox1 regalo ricardo ricardo1 richard richard1 river river1 robert
robert1 roberto roberto1 rodrigo rodrigo1 rojo rojo1 ronaldo ronaldo1 root root1 root123 rosa rosa1 rosado
rosado1 samantha samantha1 samsung samsung1 sandra sandra1 santiago santiago1 scooby scooby1 scooter scooter1
sebastian sebastian1 secret secret1 secreto secreto1 septiembre septiembre1 sergio sergio1 shadow shadow1
shadow12 silver silver1 sistema sistemas slayer slayer1 smokey smokey1 snoopy snoopy1 soccer soccer1 sofia
sofia1 soporte sparky sparky1 spider spider1 spiderman starwars starwars1 steelers steelers1 steven steven1
summer summer1 sunshine sunshine1 superman superman1 superman12 superusuario susana susana1 tarjeta tarjetas
taylor taylor1 teamo teamo1 teamo123 temporal temporal1 tennis tennis1 tequiero tequiero1 teresa teresa1
tesoro tesoro1 test test1 test123 testing thomas thomas1 thunder thunder1 tigers tigers1 tigger tigger1 toor
toor1 trabajo trustno1 universitario universitario1 user user1 usuario usuario1 usuario123 valencia valencia1
valentina valentina1 venezuela venezuela1 verano verano1 verde verde1 veronica veronica1 victor victor1
victoria victoria1 vinotinto vinotinto1 virgen virgen1 welcome welcome1 welcome123 whatever whatever1 william
william1 winner winner1 winter winter1 wizard wizard1 xxxxxx xxxxxx1 yamaha yamaha1 yankees yankees1 yellow
yellow1 yesenia yesenia1 yolanda yolanda1 zaq12wsx zaqxsw zxc123 zxcv1234 zxcvbn zxcvbn1 zxcvbnm zxcvbnm1
zxcvbnm12
`;

export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(LIST.split(/\s+/).filter(Boolean));

export function isCommonPassword(lowercasePassword: string): boolean {
  return COMMON_PASSWORDS.has(lowercasePassword);
}
