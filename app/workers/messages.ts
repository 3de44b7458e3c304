import { defineMessages } from '~/i18n/define'

// The public page for workers (/workers, product.md §9 and issue "worker-facing page"): plain
// language, short sentences, second person. Each right below restates a prohibition of
// FAR 52.222-50(b) from the worker's side; the citation is kept next to it in the route.
export const workerMessages = defineMessages({
  en: {
    'workers.title': 'Your rights at work',
    'workers.lead':
      'If you work for a company that has a contract with a public agency, the company must follow these rules. They protect you whatever your immigration status.',
    'workers.rights.title': 'Your employer must not',
    'workers.rights.documents': 'Take or hide your passport, ID card or work permit. Your documents belong to you.',
    'workers.rights.fees': 'Make you pay a fee to get the job, or to a recruiter.',
    'workers.rights.lies': 'Lie to you about the job, the pay, the place of work, the housing or the costs.',
    'workers.rights.force': 'Threaten you, hurt you, or use a debt to make you keep working.',
    'workers.rights.contract':
      'Hide your work contract. If you were recruited from another country, you must get it in writing, in a language you understand, before you leave home.',
    'workers.rights.housing': 'Make you live in housing that is unsafe or unhealthy.',
    'workers.rights.travel':
      'Leave you stranded: if they brought you from another country for this work, they must pay for your trip home when the job ends.',
    'workers.rights.sex': 'Make you do any sexual act.',
    'workers.report.title': 'How to get help',
    'workers.report.lead': 'The calls are free and confidential. You do not have to give your name. They speak your language.',
    'workers.report.usTitle': 'National Human Trafficking Hotline (24 hours)',
    'workers.report.usCall': 'Call {phone}',
    'workers.report.usText': 'Text {text}',
    'workers.report.globalTitle': 'Global Human Trafficking Hotline',
    'workers.report.globalCall': 'Call {phone}',
    'workers.report.globalEmail': 'Email {email}',
    'workers.report.emergency': 'In danger right now? Call 911.',
    'workers.after.title': 'What happens when you call',
    'workers.after.listen': 'A trained person listens and answers your questions.',
    'workers.after.choose': 'You decide what happens next. Nobody will act without asking you, unless someone is in danger.',
    'workers.after.retaliation':
      'The law protects workers of public contractors who report a problem. Your employer must not punish you for reporting.',
    'workers.signs.title': 'Signs that something is wrong',
    'workers.signs.debt': 'You owe a debt that keeps growing, and you cannot leave until it is paid.',
    'workers.signs.pay': 'You are paid much less than promised, or not at all.',
    'workers.signs.move': 'You cannot leave the work site or your housing when you want.',
    'workers.signs.fear': 'You are afraid of what will happen to you or your family if you quit.',
    'workers.languages': 'This page is in English and Spanish. Use the Español button at the top to switch.',
  },
  es: {
    'workers.title': 'Sus derechos en el trabajo',
    'workers.lead':
      'Si usted trabaja para una empresa que tiene un contrato con una agencia pública, la empresa debe cumplir estas reglas. Le protegen sin importar su situación migratoria.',
    'workers.rights.title': 'Su empleador no puede',
    'workers.rights.documents': 'Quitarle ni esconder su pasaporte, identificación o permiso de trabajo. Sus documentos son suyos.',
    'workers.rights.fees': 'Cobrarle para darle el trabajo, ni hacerle pagar a un reclutador.',
    'workers.rights.lies': 'Mentirle sobre el trabajo, el pago, el lugar de trabajo, la vivienda o los costos.',
    'workers.rights.force': 'Amenazarle, hacerle daño ni usar una deuda para obligarle a seguir trabajando.',
    'workers.rights.contract':
      'Ocultarle su contrato de trabajo. Si le reclutaron en otro país, debe recibirlo por escrito, en un idioma que usted entienda, antes de salir de su casa.',
    'workers.rights.housing': 'Obligarle a vivir en una vivienda insegura o insalubre.',
    'workers.rights.travel':
      'Dejarle abandonado: si le trajeron de otro país para este trabajo, deben pagar su viaje de regreso cuando termine el trabajo.',
    'workers.rights.sex': 'Obligarle a hacer cualquier acto sexual.',
    'workers.report.title': 'Cómo pedir ayuda',
    'workers.report.lead': 'Las llamadas son gratuitas y confidenciales. No tiene que dar su nombre. Hablan su idioma.',
    'workers.report.usTitle': 'Línea Nacional contra la Trata de Personas (24 horas)',
    'workers.report.usCall': 'Llame al {phone}',
    'workers.report.usText': 'Envíe un texto al {text}',
    'workers.report.globalTitle': 'Línea Global contra la Trata de Personas',
    'workers.report.globalCall': 'Llame al {phone}',
    'workers.report.globalEmail': 'Escriba a {email}',
    'workers.report.emergency': '¿Está en peligro ahora? Llame al 911.',
    'workers.after.title': 'Qué pasa cuando llama',
    'workers.after.listen': 'Una persona capacitada le escucha y responde sus preguntas.',
    'workers.after.choose': 'Usted decide qué pasa después. Nadie hará nada sin preguntarle, salvo que alguien esté en peligro.',
    'workers.after.retaliation':
      'La ley protege a los trabajadores de contratistas públicos que denuncian un problema. Su empleador no puede castigarle por denunciar.',
    'workers.signs.title': 'Señales de que algo anda mal',
    'workers.signs.debt': 'Tiene una deuda que sigue creciendo y no puede irse hasta pagarla.',
    'workers.signs.pay': 'Le pagan mucho menos de lo prometido, o no le pagan.',
    'workers.signs.move': 'No puede salir del lugar de trabajo ni de su vivienda cuando quiere.',
    'workers.signs.fear': 'Tiene miedo de lo que les pase a usted o a su familia si deja el trabajo.',
    'workers.languages': 'Esta página está en inglés y español. Use el botón English de arriba para cambiar.',
  },
})
